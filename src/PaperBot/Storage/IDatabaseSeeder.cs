namespace PaperBot.Storage;

/// <summary>
/// Fills a database created just now (never one that already existed: one a user emptied stays empty).
/// A part that owns tables registers one with <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IDatabaseSeeder, X&gt;())</c>;
/// <see cref="DatabaseInitializer"/> runs them after the migration, so Storage needs to know nothing of their rows.
/// </summary>
public interface IDatabaseSeeder
{
    Task SeedNewDatabaseAsync(CancellationToken cancellationToken);
}
