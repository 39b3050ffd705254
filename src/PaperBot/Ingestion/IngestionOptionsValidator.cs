using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PaperBot.Ingestion;

/// <summary>Checks the <c>Ingestion</c> section at start-up; each message names the offending key.</summary>
public sealed partial class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string S = IngestionOptions.SectionName;
        if (options.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{S}:Interval must be at least 00:00:01 (was {options.Interval}).");
        }

        CheckUrl(errors, $"{S}:HuggingFaceBaseUrl", options.HuggingFaceBaseUrl);
        CheckUrl(errors, $"{S}:ArxivApiBaseUrl", options.ArxivApiBaseUrl);
        foreach (var category in options.ArxivCategories)
        {
            if (!CategoryPattern().IsMatch(category ?? ""))
            {
                errors.Add($"{S}:ArxivCategories holds '{category}', which is not an arXiv category like cs.CL.");
            }
        }

        if (options.HuggingFace.PageSize is < 1 or > 100)
        {
            errors.Add($"{S}:HuggingFace:PageSize must be between 1 and 100 (was {options.HuggingFace.PageSize}).");
        }

        if (options.HuggingFace.MaxPages < 1)
        {
            errors.Add($"{S}:HuggingFace:MaxPages must be at least 1.");
        }

        if (options.Arxiv.PageSize is < 1 or > 2000)
        {
            errors.Add($"{S}:Arxiv:PageSize must be between 1 and 2000 (was {options.Arxiv.PageSize}).");
        }

        if (options.Arxiv.MaxResults < options.Arxiv.PageSize)
        {
            errors.Add($"{S}:Arxiv:MaxResults must be at least {S}:Arxiv:PageSize.");
        }

        if (options.Arxiv.MinRequestInterval < TimeSpan.Zero)
        {
            errors.Add($"{S}:Arxiv:MinRequestInterval must not be negative.");
        }

        if (options.Arxiv.LookbackDays is < 0 or > 60)
        {
            errors.Add($"{S}:Arxiv:LookbackDays must be between 0 and 60.");
        }

        if (options.RetryCount is < 1 or > 10)
        {
            errors.Add($"{S}:RetryCount must be between 1 and 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{S}:RetryBaseDelay must be between 00:00:00 and 00:05:00.");
        }

        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(10) || options.AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{S}:AttemptTimeout must be between 00:00:00.010 and 00:05:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(List<string> errors, string key, Uri? url)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{key} must be an absolute http(s) URL.");
        }
    }

    [GeneratedRegex(@"^[a-z][a-z\-]*(\.[A-Za-z][A-Za-z\-]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();
}
