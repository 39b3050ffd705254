using System.Runtime.InteropServices;

namespace PaperBot.Papers.Search;

internal static unsafe partial class Bm25Function
{
    /// <summary><c>fts5_api</c> from fts5.h (version 2 and later share this beginning).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Api
    {
        public int Version;
        public IntPtr CreateTokenizer;
        public IntPtr FindTokenizer;
        public delegate* unmanaged[Cdecl]<Fts5Api*, byte*, IntPtr, delegate* unmanaged[Cdecl]<ExtensionApi*, IntPtr, IntPtr, int, IntPtr*, void>, IntPtr, int> CreateFunction;
    }

    /// <summary><c>Fts5ExtensionApi</c> from fts5.h, up to <c>xQueryToken</c> (version 3).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ExtensionApi
    {
        public int Version;
        public IntPtr UserData;
        public delegate* unmanaged[Cdecl]<IntPtr, int> ColumnCount;
        public delegate* unmanaged[Cdecl]<IntPtr, long*, int> RowCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, long*, int> ColumnTotalSize;
        public IntPtr Tokenize;
        public delegate* unmanaged[Cdecl]<IntPtr, int> PhraseCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int> PhraseSize;
        public delegate* unmanaged[Cdecl]<IntPtr, int*, int> InstCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int*, int*, int> Inst;
        public delegate* unmanaged[Cdecl]<IntPtr, long> Rowid;
        public IntPtr ColumnText;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int> ColumnSize;
        public delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr, delegate* unmanaged[Cdecl]<ExtensionApi*, IntPtr, IntPtr, int>, int> QueryPhrase;
        public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, delegate* unmanaged[Cdecl]<IntPtr, void>, int> SetAuxdata;
        public delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> GetAuxdata;
        public IntPtr PhraseFirst;
        public IntPtr PhraseNext;
        public IntPtr PhraseFirstColumn;
        public IntPtr PhraseNextColumn;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int, byte**, int*, int> QueryToken;
    }
}
