using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Ds.Store;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Ds;

[TestFixture]
public sealed class KeyPatternTests
{
    [TestCase("tty", "tty", true)]
    [TestCase("tty", "tty0", false)]
    [TestCase("driver.*", "driver.tty", true)]
    [TestCase("driver.*", "driver.", true)]
    [TestCase("driver.*", "driver", false)]
    [TestCase("driver.*", "drivers.tty", false)]
    [TestCase("*", "anything", true)]
    [TestCase("*.state", "tty.state", true)]
    [TestCase("*.state", "tty.stat", false)]
    [TestCase("a*b*c", "aXXbYYc", true)]
    [TestCase("a*b*c", "aXXcYYb", false)]
    [TestCase("a*a", "aaa", true)]
    [TestCase("**", "x", true)]
    public void StarMatchesAnyRunAndOtherCharactersMatchThemselves(string pattern, string key, bool matches)
    {
        Assert.That(KeyPattern.Matches(pattern, key), Is.EqualTo(matches));
    }

    [Test]
    public void BacktrackingStaysCheapOnTheLongestInputs()
    {
        string pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
        string key = new string('a', DataStoreLimits.MaxKeyLength);
        Assert.That(KeyPattern.Matches(pattern, key), Is.False);
    }

    [TestCase("tty", true)]
    [TestCase("driver.tty.state", true)]
    [TestCase("", false)]
    [TestCase("has space", false)]
    [TestCase("star*", false)]
    [TestCase("tab\t", false)]
    [TestCase("caf\u00e9", false)]
    [TestCase("0123456789012345678901234567890", true)]
    [TestCase("01234567890123456789012345678901", false)]
    public void KeysArePrintableAsciiWithoutStarsUpTo31Characters(string key, bool valid)
    {
        Assert.That(DataStoreKeys.IsValidKey(key), Is.EqualTo(valid));
    }

    [Test]
    public void PatternsMayContainStars()
    {
        Assert.That(DataStoreKeys.IsValidPattern("driver.*"), Is.True);
        Assert.That(DataStoreKeys.IsValidPattern("*"), Is.True);
        Assert.That(DataStoreKeys.IsValidPattern("bad pattern*"), Is.False);
    }
}
