using Dapper;
using PaperBot.Storage;

namespace PaperBot.Memory;

/// <summary>The channels where PaperBot answers paper links with a card (<c>link_card_channels</c>, migration 0010).</summary>
public sealed class LinkCardChannels(StateDatabase connections, TimeProvider timeProvider)
{
    private const string EnableSql = """
        INSERT INTO link_card_channels (channel_id, guild_id, enabled_at) VALUES (@ChannelId, @GuildId, @At)
        ON CONFLICT (channel_id) DO NOTHING
        """;

    private const string DisableSql = "DELETE FROM link_card_channels WHERE channel_id = @ChannelId";

    private const string IsEnabledSql = "SELECT EXISTS (SELECT 1 FROM link_card_channels WHERE channel_id = @ChannelId)";

    /// <summary>False when the channel had link cards on already.</summary>
    public async Task<bool> EnableAsync(ulong guildId, ulong channelId, CancellationToken cancellationToken) =>
        await ExecuteAsync(EnableSql, new { ChannelId = DbValues.ToDb(channelId), GuildId = DbValues.ToDb(guildId), At = DbValues.Time(timeProvider.GetUtcNow()) }, cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>False when the channel had link cards off already.</summary>
    public async Task<bool> DisableAsync(ulong channelId, CancellationToken cancellationToken) =>
        await ExecuteAsync(DisableSql, new { ChannelId = DbValues.ToDb(channelId) }, cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> IsEnabledAsync(ulong channelId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(IsEnabledSql, new { ChannelId = DbValues.ToDb(channelId) }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
        }
    }

    private async Task<int> ExecuteAsync(string sql, object args, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
