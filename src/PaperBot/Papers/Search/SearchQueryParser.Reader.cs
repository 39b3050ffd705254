namespace PaperBot.Papers.Search;

internal static partial class SearchQueryParser
{
    private sealed class Reader(string input)
    {
        private int position;

        public char Peek => position < input.Length ? input[position] : '\0';

        public bool AtSeparator => position >= input.Length || IsSeparator(input[position]);

        public void Advance() => position++;

        /// <summary>Skips whitespace and control characters; false at the end.</summary>
        public bool SkipSeparators()
        {
            while (position < input.Length && IsSeparator(input[position]))
            {
                position++;
            }

            return position < input.Length;
        }

        /// <summary>
        /// Reads a quoted phrase. Without a closing quote the quote is stray (<c>what is a "world model</c>): it is
        /// skipped and null returned, so what follows is read as words; a phrase no paper holds would answer nothing.
        /// </summary>
        public (string? Text, bool Prefix) ReadQuoted()
        {
            position++;
            var end = input.IndexOf('"', position);
            if (end < 0)
            {
                return (null, false);
            }

            var text = input[position..end];
            position = end + 1;
            var prefix = false;
            while (position < input.Length && input[position] == '*')
            {
                prefix = true;
                position++;
            }

            return (text, prefix);
        }

        public string ReadBare()
        {
            var start = position;
            while (position < input.Length && !IsSeparator(input[position]) && input[position] != '"')
            {
                position++;
            }

            return input[start..position];
        }

        private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || char.IsControl(c);
    }
}
