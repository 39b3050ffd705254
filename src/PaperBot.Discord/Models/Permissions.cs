using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperBot.Discord.Models;

/// <summary>Discord permission bits (the subset PaperBot and its checks need). On the wire a decimal string.</summary>
[Flags]
[JsonConverter(typeof(PermissionsConverter))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1028:Enum storage should be Int32", Justification = "Discord permissions are a 64-bit field.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Discord's name.")]
public enum Permissions : ulong
{
    None = 0,
    CreateInstantInvite = 1UL << 0,
    KickMembers = 1UL << 1,
    BanMembers = 1UL << 2,
    Administrator = 1UL << 3,
    ManageChannels = 1UL << 4,
    ManageGuild = 1UL << 5,
    AddReactions = 1UL << 6,
    ViewAuditLog = 1UL << 7,
    ViewChannel = 1UL << 10,
    SendMessages = 1UL << 11,
    ManageMessages = 1UL << 13,
    EmbedLinks = 1UL << 14,
    AttachFiles = 1UL << 15,
    ReadMessageHistory = 1UL << 16,
    MentionEveryone = 1UL << 17,
    UseExternalEmojis = 1UL << 18,
    ManageRoles = 1UL << 28,
    ManageWebhooks = 1UL << 29,
    UseApplicationCommands = 1UL << 31,
    SendMessagesInThreads = 1UL << 38,
}

/// <summary>Reads and writes <see cref="Permissions"/> as Discord's decimal string (numbers accepted on read).</summary>
public sealed class PermissionsConverter : JsonConverter<Permissions>
{
    public override Permissions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return (Permissions)reader.GetUInt64();
        }

        var text = reader.GetString();
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            ? (Permissions)bits
            : throw new JsonException("Expected a permission bit field as a decimal string.");
    }

    public override void Write(Utf8JsonWriter writer, Permissions value, JsonSerializerOptions options)
        => writer.WriteStringValue(((ulong)value).ToString(CultureInfo.InvariantCulture));
}

public static class PermissionsExtensions
{
    /// <summary>True when every bit of <paramref name="required"/> is granted; Administrator grants everything.</summary>
    public static bool Grants(this Permissions granted, Permissions required)
        => (granted & Permissions.Administrator) != 0 || (granted & required) == required;
}
