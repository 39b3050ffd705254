using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.Validation;

/// <summary>allowed_mentions shape: parse ⊆ {roles, users, everyone}, ≤ 100 ids each, parse and explicit ids mutually exclusive.</summary>
internal static class AllowedMentionsValidator
{
    public static void Validate(JsonNode node, FormErrors errors)
    {
        if (node is not JsonObject mentions)
        {
            errors.Add("allowed_mentions", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
            return;
        }

        var parse = new HashSet<string>();
        if (mentions["parse"] is { } parseNode)
        {
            if (parseNode is not JsonArray parseList)
            {
                errors.Add("allowed_mentions.parse", "BASE_TYPE_LIST", "Must be an array.");
            }
            else
            {
                for (var i = 0; i < parseList.Count; i++)
                {
                    var value = JsonRead.String(parseList[i]);
                    if (value is not ("roles" or "users" or "everyone"))
                    {
                        errors.Add($"allowed_mentions.parse.{i}", "BASE_TYPE_CHOICES", "Value must be one of {'everyone', 'roles', 'users'}.");
                    }
                    else
                    {
                        parse.Add(value);
                    }
                }
            }
        }

        foreach (var kind in new[] { "users", "roles" })
        {
            if (mentions[kind] is not { } idsNode)
            {
                continue;
            }

            if (idsNode is not JsonArray ids)
            {
                errors.Add($"allowed_mentions.{kind}", "BASE_TYPE_LIST", "Must be an array.");
                continue;
            }

            if (ids.Count > 100)
            {
                errors.MaxLength($"allowed_mentions.{kind}", 100);
            }

            for (var i = 0; i < ids.Count; i++)
            {
                if (!ulong.TryParse(ids[i]?.ToString(), out _))
                {
                    errors.Add($"allowed_mentions.{kind}.{i}", "NUMBER_TYPE_COERCE", $"Value \"{ids[i]?.ToJsonString()}\" is not snowflake.");
                }
            }

            if (ids.Count > 0 && parse.Contains(kind))
            {
                errors.Add("allowed_mentions", "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", $"parse:[\"{kind}\"] and {kind}: [ids...] are mutually exclusive.");
            }
        }

        if (mentions["replied_user"] is { } replied && replied.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            errors.Add("allowed_mentions.replied_user", "BASE_TYPE_BOOLEAN", "Must be either true or false.");
        }
    }
}
