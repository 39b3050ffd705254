namespace PaperBot.Discord.Gateway;

/// <summary>The gateway closed with a code that reconnecting cannot fix; the process should log it and exit.</summary>
public sealed class DiscordGatewayFatalException : Exception
{
    public DiscordGatewayFatalException()
        : this(0)
    {
    }

    public DiscordGatewayFatalException(string message)
        : base(message)
    {
    }

    public DiscordGatewayFatalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordGatewayFatalException(int closeCode)
        : base($"Discord gateway closed the connection with fatal code {closeCode}: {GatewayCloseCodes.Describe(closeCode)}.")
    {
        CloseCode = closeCode;
    }

    /// <summary>The WebSocket close code Discord sent (4004, 4010-4014).</summary>
    public int CloseCode { get; }
}
