using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PaperBot.FakeDiscord.Rest;

/// <summary>The REST pipeline: record, injected faults, auth, User-Agent, global and per-route limits, then the route.</summary>
internal sealed class RestApi
{
    private const string Prefix = "/api/v10";
    private readonly FakeDiscordServer _server;
    private readonly RateLimiter _limiter;
    private readonly RestRoutes _routes;
    private readonly Lock _faultGate = new();
    private (int Remaining, int Status, double RetryAfter, bool Global) _fault;
    private readonly Dictionary<string, int> _lostAnswers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<RecordedRequest, bool>> _answerInterceptors = new(StringComparer.Ordinal);

    public RestApi(FakeDiscordServer server)
    {
        _server = server;
        _limiter = new RateLimiter(server.Options.TimeProvider);
        _routes = new RestRoutes(server);
    }

    public void FailNext(int count, int status, double retryAfter, bool global)
    {
        lock (_faultGate)
        {
            _fault = (count, status, retryAfter, global);
        }
    }

    /// <summary>The next <paramref name="count"/> successful calls of a route template are carried out, then their connection is reset before the answer.</summary>
    public void LoseNextAnswers(string routeTemplate, int count)
    {
        lock (_faultGate)
        {
            _lostAnswers[routeTemplate] = count;
        }
    }

    /// <summary>Every successful call of a route template is shown to <paramref name="loseAnswer"/> once done and recorded; true resets the connection before the answer.</summary>
    public void InterceptAnswers(string routeTemplate, Func<RecordedRequest, bool> loseAnswer)
    {
        lock (_faultGate)
        {
            _answerInterceptors[routeTemplate] = loseAnswer;
        }
    }

    public async Task HandleAsync(HttpContext http, CancellationToken ct)
    {
        var options = _server.Options;
        var path = http.Request.Path.Value![Prefix.Length..];
        var (body, json, jsonError, files) = await ReadBodyAsync(http.Request, ct);
        var request = new RestRequest(
            http.Request.Method,
            path,
            path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray(),
            http.Request.Query,
            body,
            json,
            files,
            options.TimeProvider.GetUtcNow());

        var result = await ExecuteAsync(http, request, jsonError, ct);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method, path, http.Request.QueryString.Value?.TrimStart('?') ?? "", headers, body, json, result.Status, request.Now, files);
        lock (_server.State.Gate)
        {
            _server.State.Requests.Add(recorded);
            if (result.Status == 429)
            {
                _server.State.TooManyRequests++;
            }
            else if (result is { Status: >= 400 and < 500, Body: JsonObject error } && !result.Injected)
            {
                var code = error["code"]?.GetValue<int>() ?? 0;
                _server.State.Rejections.Add(new RecordedRejection(request.Method, path, result.Status, code, error["message"]?.ToString() ?? "", error, body));
            }
        }

        result.OnRecorded?.Invoke(recorded);
        _server.NotifyChanged();
        if (result.AnswerLost || (result.Status < 400 && Interceptor(result.Template)?.Invoke(recorded) == true))
        {
            // Done and recorded, as Discord would have; the client only sees its connection drop.
            http.Abort();
            return;
        }

        await HttpJson.WriteAsync(http, result.Status, result.Body, ct);
    }

    private async Task<Outcome> ExecuteAsync(HttpContext http, RestRequest request, bool jsonError, CancellationToken ct)
    {
        var response = http.Response;
        if (TakeFault() is { } fault)
        {
            return Injected(response, fault);
        }

        var route = _routes.Match(request);
        if (route is null)
        {
            return new Outcome(404, DiscordError.NotFound().ToJson());
        }

        if (!route.TokenAuth && http.Request.Headers.Authorization.ToString() != "Bot " + _server.Options.BotToken)
        {
            return new Outcome(401, DiscordError.Unauthorized().ToJson());
        }

        if (string.IsNullOrWhiteSpace(http.Request.Headers.UserAgent.ToString()))
        {
            // Discord's edge rejects clients without a User-Agent; a library must send "DiscordBot (url, version)".
            return new Outcome(400, new JsonObject { ["message"] = "A User-Agent header is required.", ["code"] = 0 });
        }

        if (!route.TokenAuth)
        {
            var global = _limiter.TakeGlobal(_server.Options.GlobalRequestsPerSecond);
            if (!global.Allowed)
            {
                lock (_server.State.Gate)
                {
                    _server.State.GlobalTooManyRequests++;
                }

                return TooMany(response, global.RetryAfterSeconds, global: true);
            }
        }

        var isMessageCreate = route.Template == "POST /channels/{channel_id}/messages";
        var decision = _limiter.Take(
            route.Template,
            route.Major,
            isMessageCreate ? _server.Options.ChannelMessageLimit : _server.Options.RouteRequestLimit,
            isMessageCreate ? _server.Options.ChannelMessageWindow : _server.Options.RouteRequestWindow);
        decision.WriteHeaders(response);
        if (!decision.Allowed)
        {
            return TooMany(response, decision.RetryAfterSeconds, global: false);
        }

        if (jsonError)
        {
            return new Outcome(400, DiscordError.BadJson().ToJson());
        }

        try
        {
            var result = await route.Handler(request, ct);
            return new Outcome(result.Status, result.Body) { OnRecorded = result.OnRecorded, AnswerLost = result.Status < 400 && TakeLostAnswer(route.Template), Template = route.Template };
        }
        catch (DiscordError error)
        {
            return new Outcome(error.Status, error.ToJson());
        }
    }

    private static Outcome TooMany(HttpResponse response, double retryAfter, bool global, bool injected = false)
    {
        response.Headers.RetryAfter = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Scope"] = global ? "global" : "user";
        if (global)
        {
            response.Headers["X-RateLimit-Global"] = "true";
        }

        var body = new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = retryAfter, ["global"] = global };
        return new Outcome(429, body) { Injected = injected };
    }

    private static Outcome Injected(HttpResponse response, (int Status, double RetryAfter, bool Global) fault)
    {
        if (fault.Status == 429)
        {
            if (!fault.Global)
            {
                response.Headers["X-RateLimit-Limit"] = "1";
                response.Headers["X-RateLimit-Remaining"] = "0";
                response.Headers["X-RateLimit-Reset-After"] = fault.RetryAfter.ToString("0.000", CultureInfo.InvariantCulture);
                response.Headers["X-RateLimit-Bucket"] = "injected";
            }

            return TooMany(response, fault.RetryAfter, fault.Global, injected: true);
        }

        var message = fault.Status switch
        {
            500 => "500: Internal Server Error",
            502 => "502: Bad Gateway",
            503 => "503: Service Unavailable",
            504 => "504: Gateway Timeout",
            _ => $"{fault.Status}: Injected failure",
        };
        return new Outcome(fault.Status, new JsonObject { ["message"] = message, ["code"] = 0 }) { Injected = true };
    }

    private Func<RecordedRequest, bool>? Interceptor(string? template)
    {
        lock (_faultGate)
        {
            return template is not null && _answerInterceptors.TryGetValue(template, out var interceptor) ? interceptor : null;
        }
    }

    private bool TakeLostAnswer(string template)
    {
        lock (_faultGate)
        {
            if (_lostAnswers.GetValueOrDefault(template) <= 0)
            {
                return false;
            }

            _lostAnswers[template]--;
            return true;
        }
    }

    private (int Status, double RetryAfter, bool Global)? TakeFault()
    {
        lock (_faultGate)
        {
            if (_fault.Remaining <= 0)
            {
                return null;
            }

            _fault.Remaining--;
            return (_fault.Status, _fault.RetryAfter, _fault.Global);
        }
    }

    private static async Task<(string Body, JsonNode? Json, bool JsonError, List<RecordedFile> Files)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var files = new List<RecordedFile>();
        string body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            body = form["payload_json"].ToString();
            foreach (var file in form.Files)
            {
                using var stream = new MemoryStream();
                await file.CopyToAsync(stream, ct);
                files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType ?? "application/octet-stream", stream.ToArray()));
            }
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(ct);
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return (body, null, false, files);
        }

        try
        {
            return (body, JsonNode.Parse(body), false, files);
        }
        catch (JsonException)
        {
            return (body, null, true, files);
        }
    }

    private sealed record Outcome(int Status, JsonNode? Body)
    {
        public bool Injected { get; init; }
        public Action<RecordedRequest>? OnRecorded { get; init; }
        public bool AnswerLost { get; init; }
        public string? Template { get; init; }
    }
}
