using PaperBot.Papers;

namespace PaperBot.Tests.Papers;

public sealed class LatexTextTests
{
    [Theory]
    [InlineData(@"Towards na\""ive Bayes", "Towards naïve Bayes")]
    [InlineData(@"na\""{\i}ve and Erd\H{o}s and G\""{o}del", "naïve and Erdős and Gödel")]
    [InlineData(@"Poincar\'e, Fran\c{c}ois, Sch\""olkopf, \AA ngstr\""om", "Poincaré, François, Schölkopf, Ångström")]
    [InlineData(@"cuts cost by 12-38\% \& more", "cuts cost by 12-38% & more")]
    [InlineData(@"pages 10--20 --- a range", "pages 10–20 — a range")]
    [InlineData(@"we do \emph{not} use {\em any} \textbf{labels}", "we do not use any labels")]
    [InlineData(@"tasks, \eg retrieval, \ie search", "tasks, e.g. retrieval, i.e. search")]
    [InlineData(@"Smith \etal{} show", "Smith et al. show")]
    [InlineData(@"Stra\ss e", "Straße")]
    [InlineData(@"``quoted'' text", "“quoted” text")]
    [InlineData(@"State~of~the~art", "State of the art")]
    public void ToUnicode_CommonTextLatex_ReadsAsUnicode(string latex, string expected)
    {
        Assert.Equal(expected, LatexText.ToUnicode(latex));
    }

    [Theory]
    [InlineData(@"An $O(n \log n)$ algorithm with $\alpha$-{divergence}", @"An $O(n \log n)$ algorithm with $\alpha$-divergence")]
    [InlineData(@"costs $5 and $10", "costs $5 and $10")]
    [InlineData(@"$$x^2 -- y$$ shown", "$$x^2 -- y$$ shown")]
    public void ToUnicode_Math_KeptAsWritten(string latex, string expected)
    {
        Assert.Equal(expected, LatexText.ToUnicode(latex));
    }

    [Theory]
    [InlineData(@"the \foo{bar} command", @"the \foo{bar} command")]
    [InlineData(@"unbalanced { brace", "unbalanced { brace")]
    [InlineData("plain title", "plain title")]
    [InlineData("Multi\n  line\ttitle", "Multi line title")]
    [InlineData(@"trailing \", @"trailing \")]
    public void ToUnicode_UnknownOrPlain_KeptAsTyped(string latex, string expected)
    {
        Assert.Equal(expected, LatexText.ToUnicode(latex));
    }
}
