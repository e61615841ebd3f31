using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Commands.Common.Text;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// The regular expressions of grep (Common/Text/Regex): POSIX basic and
// extended syntax, checked case by case and against the host's GNU grep
// on the same lines, and the guarantees a linear-time matcher gives.
public class RegexTests
{
    private static bool Matches(string pattern, string line, bool extended = false, bool ignoreCase = false)
    {
        Regex? regex = Regex.Compile(Encoding.ASCII.GetBytes(pattern), extended, ignoreCase, out string? error);
        Assert.That(error, Is.Null, pattern);
        return regex!.IsMatch(Encoding.ASCII.GetBytes(line));
    }

    [TestCase("abc", "xxabcxx", true)]
    [TestCase("abc", "ab c", false)]
    [TestCase("^ab", "abc", true)]
    [TestCase("^ab", "cab", false)]
    [TestCase("bc$", "abc", true)]
    [TestCase("bc$", "abcd", false)]
    [TestCase("^$", "", true)]
    [TestCase("^$", "x", false)]
    [TestCase("a.c", "abc", true)]
    [TestCase("a.c", "ac", false)]
    [TestCase("ab*c", "ac", true)]
    [TestCase("ab*c", "abbbc", true)]
    [TestCase("*a", "x*a", true)]
    [TestCase("^*a", "*a", true)]
    [TestCase("a\\{2\\}", "a", false)]
    [TestCase("a\\{2\\}", "xaax", true)]
    [TestCase("^a\\{2,3\\}$", "aaaa", false)]
    [TestCase("^a\\{2,\\}$", "aaaa", true)]
    [TestCase("\\(ab\\)*c", "ababc", true)]
    [TestCase("^\\(ab\\)*$", "aba", false)]
    [TestCase("a\\|b", "xbx", true)]
    [TestCase("ab\\+c", "ac", false)]
    [TestCase("ab\\?c", "ac", true)]
    [TestCase("a+b", "a+b", true)]
    [TestCase("a+b", "aab", false)]
    [TestCase("a|b", "a|b", true)]
    [TestCase("a\\.b", "axb", false)]
    [TestCase("a\\.b", "a.b", true)]
    [TestCase("[abc]x", "bx", true)]
    [TestCase("[^abc]x", "bx", false)]
    [TestCase("[a-c]", "d", false)]
    [TestCase("[]x]", "]", true)]
    [TestCase("[^]x]", "]", false)]
    [TestCase("[a-]", "-", true)]
    [TestCase("[[:digit:]][[:alpha:]]", "x1y", true)]
    [TestCase("[[:space:]]", "nospace", false)]
    [TestCase("[[:upper:][:digit:]]", "aB", true)]
    [TestCase("[\\]", "\\", true)]
    [TestCase("x$y", "x$y", true)]
    public void BasicSyntax(string pattern, string line, bool expected)
    {
        Assert.That(Matches(pattern, line), Is.EqualTo(expected), $"'{pattern}' on '{line}'");
    }

    [TestCase("a+b", "aab", true)]
    [TestCase("a+b", "b", false)]
    [TestCase("ab?c", "ac", true)]
    [TestCase("(ab)+$", "xabab", true)]
    [TestCase("^(ab)+$", "aba", false)]
    [TestCase("cat|dog", "hotdog", true)]
    [TestCase("^(cat|dog)s?$", "cats", true)]
    [TestCase("^(cat|dog)s?$", "catdog", false)]
    [TestCase("a{3}", "aa", false)]
    [TestCase("^a{1,2}b{0}$", "aa", true)]
    [TestCase("a{,2}", "a{,2}", true)]
    [TestCase("x{y", "x{y", true)]
    [TestCase("()a", "a", true)]
    [TestCase("a|^b", "b", true)]
    [TestCase("a$|b", "xa", true)]
    [TestCase("\\(a\\)", "(a)", true)]
    [TestCase("((a|b)c)*d", "acbcd", true)]
    public void ExtendedSyntax(string pattern, string line, bool expected)
    {
        Assert.That(Matches(pattern, line, extended: true), Is.EqualTo(expected), $"'{pattern}' on '{line}'");
    }

    [Test]
    public void IgnoringCaseFoldsLettersInLiteralsAndSets()
    {
        Assert.That(Matches("hello", "HeLLo world", ignoreCase: true), Is.True);
        Assert.That(Matches("[a-c]x", "BX", ignoreCase: true), Is.True);
        Assert.That(Matches("[^a]", "A", ignoreCase: true), Is.True, "a negated set is negated before folding, as in GNU grep");
        Assert.That(Matches("hello", "HELLO"), Is.False);
    }

    [TestCase("a\\(b", false, "unmatched \\(")]
    [TestCase("a\\)", false, "unmatched \\)")]
    [TestCase("(ab", true, "unmatched (")]
    [TestCase("[abc", false, "unmatched [")]
    [TestCase("a\\{2", false, "unmatched { in interval")]
    [TestCase("a\\{3,2\\}", false, "invalid interval: maximum below minimum")]
    [TestCase("a\\{256\\}", false, "interval count above 255")]
    [TestCase("\\(a\\)\\1", false, "back-references (\\1) are not supported")]
    [TestCase("[[:nope:]]", false, "unknown character class [:nope:]")]
    [TestCase("[z-a]", false, "invalid range end z-a")]
    [TestCase("+a", true, "repetition operator + has nothing to repeat")]
    [TestCase("a\\", false, "trailing backslash")]
    public void BadPatternsAreReported(string pattern, bool extended, string message)
    {
        Regex? regex = Regex.Compile(Encoding.ASCII.GetBytes(pattern), extended, false, out string? error);
        Assert.That(regex, Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }

    [Test]
    public void HugeIntervalsAreRefusedInsteadOfExhaustingMemory()
    {
        Regex? regex = Regex.Compile(Encoding.ASCII.GetBytes("((a{255}){255}){255}"), true, false, out string? error);
        Assert.That(regex, Is.Null);
        Assert.That(error, Is.EqualTo("regular expression too large"));
    }

    [Test]
    public void NestedStarsTakeLinearTime()
    {
        // A backtracking matcher needs 2^n steps for this; the automaton n*m.
        var line = new string('a', 5000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(Matches("^(a*)*b$", line, extended: true), Is.False);
        Assert.That(Matches("(a|aa)*c", line, extended: true), Is.False);
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(5000));
    }

    [Test]
    public void FixedStringsMatchTheirBytes()
    {
        Regex literal = Regex.Literal(Encoding.ASCII.GetBytes("a.*[b"), ignoreCase: false);
        Assert.That(literal.IsMatch(Encoding.ASCII.GetBytes("xa.*[by")), Is.True);
        Assert.That(literal.IsMatch(Encoding.ASCII.GetBytes("aXXb")), Is.False);
    }

    // Lines and patterns given to the host's GNU grep and to ours; the
    // selected lines must be the same.
    [Test]
    public void AgreesWithTheHostGrep()
    {
        string[] lines =
        {
            "", "a", "aa", "ab", "abc", "abcabc", "ba", "b", "xyz", "a b", "tab\there", "A", "ABC", "a.c", "a*c",
            "[x]", "hello world", "foo123bar", "123", "-42", "x{2}", "aaab", "abab", "cat", "dog", "cats", "catdog",
        };
        (string Pattern, bool Extended)[] patterns =
        {
            ("a", false), ("^a", false), ("a$", false), ("^$", false), ("a*", false), ("^a*$", false), ("ab*", false),
            ("a\\{2\\}", false), ("\\(ab\\)\\{2\\}", false), ("[0-9][0-9]*", false), ("^[^a]", false), ("[[:space:]]", false),
            (".c", false), ("a\\.c", false), ("\\[x\\]", false), ("^-", false), ("x{2}", false), ("a\\|b", false),
            ("a+", true), ("^(ab)+$", true), ("cat|dog", true), ("^(cat|dog)s?$", true), ("[[:digit:]]{3}", true),
            ("^a{2,}b?$", true), ("(a|b)*c", true), ("o w", true), ("^[[:upper:]]+$", true), ("x\\{2\\}", true),
        };
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-grep-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string input = Path.Combine(directory, "lines");
            File.WriteAllText(input, string.Join("\n", lines) + "\n");
            foreach ((string pattern, bool extended) in patterns)
            {
                var (code, output) = HostTool.Run("grep", "grep", extended ? "-E" : "-G", "-e", pattern, input);
                Assert.That(code, Is.LessThanOrEqualTo(1), $"host grep on '{pattern}': {output}");
                string[] expected = output.Length == 0 ? new string[0] : output.TrimEnd('\n').Split('\n');
                Regex regex = Regex.Compile(Encoding.ASCII.GetBytes(pattern), extended, false, out string? error)!;
                Assert.That(error, Is.Null, pattern);
                string[] ours = lines.Where(l => regex.IsMatch(Encoding.ASCII.GetBytes(l))).ToArray();
                Assert.That(ours, Is.EqualTo(expected), $"'{pattern}' ({(extended ? "extended" : "basic")})");
            }
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
