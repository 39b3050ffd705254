namespace PaperBot.Ingestion.Fetching;

internal static class SourceUrls
{
    /// <summary>Joins a configured base (which may carry a path, e.g. behind a proxy) and a relative path with query.</summary>
    public static Uri Combine(Uri baseUrl, string relative)
    {
        var text = baseUrl.AbsoluteUri;
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), relative.TrimStart('/'));
    }
}
