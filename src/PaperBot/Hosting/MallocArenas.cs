using System.Runtime.InteropServices;

namespace PaperBot.Hosting;

/// <summary>
/// Caps glibc's malloc arenas for the process. glibc gives each thread that allocates while another holds an arena
/// an arena of its own, up to eight per core, and each keeps the memory its thread freed. A bot's thread pool grows
/// under load (30 threads at READY, about 50 during a digest), and so did native memory: a fleet process's native
/// part grew from 145 to 179-194 MB over the 10,000-channel digest, and with two arenas it stayed at 129-138 MB
/// (docs/benchmarks.md, fleet). SQLite, ONNX Runtime and the runtime allocate little enough that two arenas do not
/// hold them up. An operator's own <c>MALLOC_ARENA_MAX</c> wins; elsewhere than glibc this does nothing.
/// </summary>
internal static partial class MallocArenas
{
    public const int Limit = 2;

    // M_ARENA_MAX in glibc's malloc.h.
    private const int ArenaMaxParameter = -8;

    /// <summary>Applies <see cref="Limit"/>; true when glibc took it.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return false;
        }

        try
        {
            return Mallopt(ArenaMaxParameter, Limit) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
