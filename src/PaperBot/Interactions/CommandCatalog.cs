using Microsoft.Extensions.DependencyInjection;
using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>
/// Every registered module's commands and component prefixes, read once from a throwaway scope. Routes an
/// interaction to the module's type; the dispatcher then resolves a fresh instance in the interaction's scope.
/// </summary>
public sealed class CommandCatalog
{
    private readonly Lazy<Routes> _routes;

    public CommandCatalog(IServiceScopeFactory scopes)
    {
        _routes = new Lazy<Routes>(() => Build(scopes), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>All command definitions, in registration order: what the bot registers with Discord.</summary>
    public IReadOnlyList<ApplicationCommand> Definitions => _routes.Value.Definitions;

    public Type? FindCommand(string name) => _routes.Value.Commands.GetValueOrDefault(name);

    /// <summary>The module whose longest prefix matches <paramref name="customId"/>.</summary>
    public Type? FindComponent(string customId) =>
        _routes.Value.Prefixes
            .Where(p => customId.StartsWith(p.Prefix, StringComparison.Ordinal))
            .Select(p => p.Module)
            .FirstOrDefault();

    private static Routes Build(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var definitions = new List<ApplicationCommand>();
        var commands = new Dictionary<string, Type>(StringComparer.Ordinal);
        var prefixes = new List<(string Prefix, Type Module)>();
        foreach (var module in scope.ServiceProvider.GetServices<ICommandModule>())
        {
            var type = module.GetType();
            foreach (var definition in module.Definitions)
            {
                if (!commands.TryAdd(definition.Name, type))
                {
                    throw new InvalidOperationException($"Two command modules define /{definition.Name}: {commands[definition.Name].Name} and {type.Name}.");
                }

                definitions.Add(definition);
            }

            prefixes.AddRange(module.ComponentPrefixes.Select(p => (p, type)));
        }

        return new Routes(definitions, commands, [.. prefixes.OrderByDescending(p => p.Prefix.Length)]);
    }

    private sealed record Routes(
        IReadOnlyList<ApplicationCommand> Definitions,
        IReadOnlyDictionary<string, Type> Commands,
        IReadOnlyList<(string Prefix, Type Module)> Prefixes);
}
