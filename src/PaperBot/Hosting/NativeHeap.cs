using System.Runtime.InteropServices;

namespace PaperBot.Hosting;

/// <summary>
/// The C library's heap, where ONNX Runtime, SQLite and the runtime itself allocate. glibc keeps memory these free in
/// its arenas for the next allocation rather than giving it back, so after a burst a process holds freed native
/// memory as it holds a collector's freed heap (6-34 MB in a fleet process: docs/benchmarks.md, fleet). Linux with
/// glibc only; elsewhere <see cref="FreeBytes"/> is null and nothing is done.
/// </summary>
internal static partial class NativeHeap
{
    private const string Library = "libc.so.6";

    private static bool unavailable = !OperatingSystem.IsLinux();

    /// <summary>Bytes free in the heap's arenas (glibc's <c>mallinfo2().fordblks</c>), or null without glibc.</summary>
    public static long? FreeBytes()
    {
        if (Volatile.Read(ref unavailable))
        {
            return null;
        }

        try
        {
            return (long)MallInfo2().FreeBytes;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl (Alpine) or a glibc older than 2.33.
            Volatile.Write(ref unavailable, true);
            return null;
        }
    }

    /// <summary>Gives the free pages of every arena back to the system (<c>malloc_trim(0)</c>); they stay free in the heap.</summary>
    public static void Trim()
    {
        if (Volatile.Read(ref unavailable))
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref unavailable, true);
        }
    }

    [LibraryImport(Library, EntryPoint = "mallinfo2")]
    private static partial MallocInfo MallInfo2();

    [LibraryImport(Library, EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    // struct mallinfo2: ten size_t fields; fordblks, the free bytes, is the ninth.
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallocInfo
    {
        private readonly nuint arena;
        private readonly nuint ordblks;
        private readonly nuint smblks;
        private readonly nuint hblks;
        private readonly nuint hblkhd;
        private readonly nuint usmblks;
        private readonly nuint fsmblks;
        private readonly nuint uordblks;
        private readonly nuint fordblks;
        private readonly nuint keepcost;

        public ulong FreeBytes => fordblks;
    }
}
