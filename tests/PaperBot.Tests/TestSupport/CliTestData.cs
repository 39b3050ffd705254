namespace PaperBot.Tests.TestSupport;

/// <summary>Fixture files copied beside the test assembly (TestData/**).</summary>
public static class CliTestData
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static string Importer(string fileName) => Path("Importers", fileName);

    public static byte[] ImporterBytes(string fileName) => File.ReadAllBytes(Importer(fileName));
}
