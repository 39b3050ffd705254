using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.Rest;

namespace PaperBot.FakeDiscord.Validation;

/// <summary>Collects field errors into Discord's nested <c>errors</c> object: path segments become keys, array indexes become "0", "1"...</summary>
internal sealed class FormErrors
{
    private readonly JsonObject _root = [];

    public bool Any => _root.Count > 0;

    public void Add(string path, string code, string message)
    {
        var node = _root;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node[segment] is not JsonObject child)
            {
                child = [];
                node[segment] = child;
            }

            node = child;
        }

        if (node["_errors"] is not JsonArray list)
        {
            list = [];
            node["_errors"] = list;
        }

        list.Add(new JsonObject { ["code"] = code, ["message"] = message });
    }

    public void MaxLength(string path, int max) =>
        Add(path, "BASE_TYPE_MAX_LENGTH", $"Must be {max} or fewer in length.");

    public void Length(string path, int min, int max) =>
        Add(path, "BASE_TYPE_BAD_LENGTH", $"Must be between {min} and {max} in length.");

    public void Required(string path) => Add(path, "BASE_TYPE_REQUIRED", "This field is required");

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new DiscordError(400, 50035, "Invalid Form Body", _root);
        }
    }
}
