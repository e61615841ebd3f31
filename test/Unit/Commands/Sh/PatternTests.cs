using Minix3.Cosmos.Commands.Sh;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// The glob matcher behind case and ${x#pattern}.
public class PatternTests
{
    [TestCase("*", "", true)]
    [TestCase("*", "anything", true)]
    [TestCase("a*", "abc", true)]
    [TestCase("a*", "bac", false)]
    [TestCase("*c", "abc", true)]
    [TestCase("a*b*c", "aXXbYYc", true)]
    [TestCase("a*b*c", "aXXcYYb", false)]
    [TestCase("**a**", "xax", true)]
    [TestCase("?", "", false)]
    [TestCase("??", "ab", true)]
    [TestCase("[abc]", "b", true)]
    [TestCase("[abc]", "d", false)]
    [TestCase("[a-c]x", "cx", true)]
    [TestCase("[!a-c]", "d", true)]
    [TestCase("[^a-c]", "a", false)]
    [TestCase("[]]", "]", true)]
    [TestCase("[!]]", "a", true)]
    [TestCase("[a-]", "-", true)]
    [TestCase("[", "[", true)]
    [TestCase("[ab", "[ab", true)]
    [TestCase("\\*", "*", true)]
    [TestCase("\\*", "x", false)]
    [TestCase("a\\", "a\\", true)]
    [TestCase("[\\]]", "]", true)]
    [TestCase("*.c", "main.c", true)]
    [TestCase("*.c", "main.h", false)]
    public void Matches(string pattern, string text, bool expected) =>
        Assert.That(ShellPattern.Matches(pattern, text), Is.EqualTo(expected));

    [TestCase("a.b.c", "*.", false, "b.c")]
    [TestCase("a.b.c", "*.", true, "c")]
    [TestCase("a.b.c", "x", false, "a.b.c")]
    [TestCase("abc", "", false, "abc")]
    [TestCase("abc", "*", false, "abc")]
    [TestCase("abc", "*", true, "")]
    public void RemovePrefix(string value, string pattern, bool largest, string expected) =>
        Assert.That(ShellPattern.RemovePrefix(value, pattern, largest), Is.EqualTo(expected));

    [TestCase("a.b.c", ".*", false, "a.b")]
    [TestCase("a.b.c", ".*", true, "a")]
    [TestCase("abc", "*", true, "")]
    [TestCase("abc", "?", false, "ab")]
    public void RemoveSuffix(string value, string pattern, bool largest, string expected) =>
        Assert.That(ShellPattern.RemoveSuffix(value, pattern, largest), Is.EqualTo(expected));

    [Test]
    public void EscapedTextMatchesOnlyItself()
    {
        string text = "a*b?[c]\\";

        Assert.That(ShellPattern.Matches(ShellPattern.Escape(text), text), Is.True);
        Assert.That(ShellPattern.Matches(ShellPattern.Escape(text), "axb?[c]\\"), Is.False);
    }
}
