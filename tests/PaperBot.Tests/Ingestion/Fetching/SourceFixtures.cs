using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;

namespace PaperBot.Tests.Ingestion.Fetching;

/// <summary>Responses shaped like the public Hugging Face Daily Papers and arXiv API answers.</summary>
public static class SourceFixtures
{
    public static string HfDaily(params (string Id, string Title, int Upvotes)[] items)
    {
        var array = new JsonArray();
        foreach (var (id, title, upvotes) in items)
        {
            array.Add(new JsonObject
            {
                ["paper"] = new JsonObject
                {
                    ["id"] = id,
                    ["authors"] = new JsonArray(new JsonObject { ["_id"] = "a1", ["name"] = "Ada Lovelace", ["hidden"] = false }),
                    ["publishedAt"] = "2025-06-04T17:59:59.000Z",
                    ["title"] = title,
                    ["summary"] = $"Abstract of {title}.",
                    ["upvotes"] = upvotes,
                    ["ai_summary"] = $"Summary of {title}.",
                    ["ai_keywords"] = new JsonArray("transformers"),
                },
                ["publishedAt"] = "2025-06-05T01:02:03.000Z",
                ["title"] = title,
                ["numComments"] = 2,
                ["submittedBy"] = new JsonObject { ["name"] = "akhaliq", ["fullname"] = "AK" },
            });
        }

        return array.ToJsonString();
    }

    public static string ArxivFeed(params (string Id, string Title, string Published, string[] Categories)[] entries)
    {
        var xml = new StringBuilder();
        xml.Append("""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
              <id>https://arxiv.org/api/fixture</id>
              <title>arXiv Query</title>
              <updated>2025-06-05T00:00:00Z</updated>
            """);
        xml.Append(CultureInfo.InvariantCulture, $"  <opensearch:itemsPerPage>{entries.Length}</opensearch:itemsPerPage>\n");
        foreach (var (id, title, published, categories) in entries)
        {
            xml.Append(CultureInfo.InvariantCulture, $"""
                  <entry>
                    <id>http://arxiv.org/abs/{id}v1</id>
                    <title>{SecurityElement.Escape(title)}</title>
                    <updated>{published}</updated>
                    <summary>Abstract of {SecurityElement.Escape(title)}.</summary>
                    <published>{published}</published>
                    <author><name>Grace Hopper</name></author>
                    <arxiv:primary_category term="{categories[0]}"/>

                """);
            foreach (var category in categories)
            {
                xml.Append(CultureInfo.InvariantCulture, $"    <category term=\"{category}\" scheme=\"http://arxiv.org/schemas/atom\"/>\n");
            }

            xml.Append("  </entry>\n");
        }

        xml.Append("</feed>\n");
        return xml.ToString();
    }

    public static int QueryInt(Uri url, string name) =>
        int.Parse(Query(url, name) ?? "-1", CultureInfo.InvariantCulture);

    public static string? Query(Uri url, string name)
    {
        foreach (var part in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            if (key == name)
            {
                return eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }
}
