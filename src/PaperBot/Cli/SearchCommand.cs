using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Papers.Search;
using PaperBot.Papers.Semantic;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot search "&lt;query&gt;" [--limit N] [--sort S] [--mode hybrid|words|meaning] [--json]</c>. The query may
/// also be typed as several words without quotes (<c>paperbot search speculative decoding</c>): they are joined.
/// </summary>
internal static class SearchCommand
{
    public const int DefaultLimit = 10;

    public const int MaxLimit = 100;

    public static Command Create(CliContext context)
    {
        var query = new Argument<string[]>("query")
        {
            Description = "Search query, e.g. \"speculative decoding\" author:leviathan since:2023 (words typed without quotes are joined; quote phrases and what the shell would read, such as ? * or \")",
            Arity = ArgumentArity.OneOrMore,
        };
        query.Validators.Add(r =>
        {
            // "-video" leaves a word out, but "--limt" is a mistyped option, never a word to search for.
            if (r.Tokens.FirstOrDefault(t => t.Value.StartsWith("--", StringComparison.Ordinal) && t.Value.Length > 2) is { } option)
            {
                r.AddError($"Unrecognized command or argument '{option.Value}'.");
            }
        });
        var limit = new Option<int>("--limit", "-n")
        {
            Description = $"Number of results (1-{MaxLimit})",
            DefaultValueFactory = _ => DefaultLimit,
        };
        limit.Validators.Add(r =>
        {
            // A value that is not a number already has its parse error; reading it here would throw.
            if (r.Tokens.Count > 0 && !int.TryParse(r.Tokens[^1].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return;
            }

            if (r.GetValueOrDefault<int>() is < 1 or > MaxLimit)
            {
                r.AddError($"--limit must be between 1 and {MaxLimit}.");
            }
        });
        var sort = new Option<SearchSort>("--sort")
        {
            Description = "Order: relevance (best match first), newest or upvotes",
            HelpName = "relevance|newest|upvotes",
            DefaultValueFactory = _ => SearchSort.Relevance,
        };
        var json = new Option<bool>("--json") { Description = "One JSON object per line: id, version, title, authors, published, url, pdfUrl, categories, score, lexical, semantic, snippet, and codeUrl and upvotes when known" };
        var mode = new Option<string>("--mode")
        {
            Description = "Ranking: hybrid (words and meaning, the default), words (every word, BM25) or meaning (nearest by meaning)",
            DefaultValueFactory = _ => "hybrid",
        };
        mode.AcceptOnlyFromAmong("hybrid", "words", "meaning");

        var command = new Command("search", "Search the stored papers.");
        command.Arguments.Add(query);
        command.Options.Add(limit);
        command.Options.Add(sort);
        command.Options.Add(json);
        command.Options.Add(mode);
        command.SetAction((result, ct) => context.RunAsync(
            result,
            (services, token) => RunAsync(
                context,
                services.GetRequiredService<HybridSearch>(),
                services.GetRequiredService<SemanticIndex>(),
                new SearchRequest(string.Join(' ', result.GetValue(query) ?? []), result.GetValue(sort), Limit: result.GetValue(limit)),
                Enum.Parse<SearchMode>(result.GetValue(mode) ?? "hybrid", ignoreCase: true),
                result.GetValue(json),
                token),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(
        CliContext context, HybridSearch search, SemanticIndex index, SearchRequest request, SearchMode mode, bool json, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new CliUsageException("the search query is empty");
        }

        var results = await search.SearchAsync(request, mode, cancellationToken).ConfigureAwait(false);
        if (results.Error is { } error)
        {
            throw new CliUsageException($"bad query: {error}");
        }

        await WriteAsync(context, request, results, json).ConfigureAwait(false);

        // After the results, on stderr (so --json stays one object per line): a store imported with --no-embed, or
        // ingested, is searched by its words alone until its papers are embedded.
        if (index.PapersAtLoad is { } papers && papers > index.Index.Count)
        {
            await context.Console.Error.WriteLineAsync(
                $"paperbot: {CliText.Number(papers - index.Index.Count)} of {CliText.Number(papers)} papers have no vector yet, so search by meaning does not see them (their words still count); 'paperbot embed' embeds them")
                .ConfigureAwait(false);
        }

        return CliExitCodes.Success;
    }

    private static async Task WriteAsync(CliContext context, SearchRequest request, SearchResults results, bool json)
    {
        var query = request.Query;
        var output = context.Console.Out;
        if (json)
        {
            foreach (var hit in results.Hits)
            {
                await output.WriteLineAsync(CliPaperJson.From(hit.Paper, full: false, hit.Score, SnippetFormatter.Unmarked(hit.Snippet)).ToJsonLine(hit.Lexical, hit.Semantic)).ConfigureAwait(false);
            }

            return;
        }

        if (results.Hits.Count == 0)
        {
            await output.WriteLineAsync($"No papers match: {query}").ConfigureAwait(false);
            return;
        }

        var rankWidth = results.Hits.Count.ToString(CultureInfo.InvariantCulture).Length;
        var idWidth = results.Hits.Max(h => h.Paper.Id.Length);
        var indent = new string(' ', rankWidth + 2 + idWidth + 2 + 10 + 2);
        var rank = 0;
        foreach (var hit in results.Hits)
        {
            rank++;
            var paper = hit.Paper;
            await output.WriteLineAsync(
                $"{rank.ToString(CultureInfo.InvariantCulture).PadLeft(rankWidth)}. {paper.Id.PadRight(idWidth)}  {CliText.Date(paper)}  {CliText.Clip(paper.DisplayTitle, CliText.TitleWidth)}")
                .ConfigureAwait(false);
            await output.WriteLineAsync($"{indent}{CliText.Clip(CliText.Authors(paper.Authors), CliText.TitleWidth)}").ConfigureAwait(false);
        }

        if (results.NoPaperHasEveryWord)
        {
            await output.WriteLineAsync("No paper has every word of the query; these are the closest by meaning and by some of the words.").ConfigureAwait(false);
        }

        if (results.SortIsPartial)
        {
            await output.WriteLineAsync("Partial: sorted among the most recently stored matches only; add words or widen the filters for the whole store.").ConfigureAwait(false);
        }

        var shown = results.Hits.Count;
        await output.WriteLineAsync(
            results.TotalCount > shown
                ? $"{shown} of {(results.TotalCountIsEstimate ? "about " : "")}{CliText.Number(results.TotalCount)} matches; {(request.Limit < MaxLimit ? "use --limit for more" : "add words or filters to see others")}."
                : $"{shown} {(shown == 1 ? "match" : "matches")}.")
            .ConfigureAwait(false);
    }
}
