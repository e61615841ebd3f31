using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix.Users;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// What ls -l, chmod and id make of modes and ids.
public class UsersTextTests
{
    [TestCase(0x1ED, "rwxr-xr-x")]
    [TestCase(0x180, "rw-------")]
    [TestCase(0x9ED, "rwsr-xr-x")]
    [TestCase(0x3FF, "rwxrwxrwt")]
    [TestCase(0xFA4, "rwSr-Sr-T")]
    public void ModesPrintAsLsDoes(int mode, string text) => Assert.That(Modes.Format(mode), Is.EqualTo(text));

    [TestCase("644", 0x1ED, 0x1A4)]
    [TestCase("4755", 0, 0x9ED)]
    [TestCase("u+x", 0x1A4, 0x1E4)]
    [TestCase("go-w", 0x1FF, 0x1ED)]
    [TestCase("a=r", 0x1FF, 0x124)]
    [TestCase("+x", 0x1A4, 0x1ED)]
    [TestCase("u=rw,g=r,o=", 0x1FF, 0x1A0)]
    [TestCase("+t", 0x1FF, 0x3FF)]
    [TestCase("u+s", 0x1ED, 0x9ED)]
    public void ChmodOperands(string spec, int old, int expected)
    {
        Assert.That(Modes.TryApply(spec, old, out int mode), Is.True);
        Assert.That(mode, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("8")]
    [TestCase("77777")]
    [TestCase("u+q")]
    [TestCase("x")]
    [TestCase("u+x,")]
    public void BadChmodOperandsAreRefused(string spec) => Assert.That(Modes.TryApply(spec, 0, out _), Is.False);

    [Test]
    public void IdNamesEveryIdAndShowsEffectiveOnesThatDiffer()
    {
        List<Account> accounts = AccountFiles.Accounts("root:x:0:0::/:/bin/sh\nguest:x:1000:1000::/home/guest:/bin/sh\n", out _);
        List<Group> groups = AccountFiles.Groups("root:x:0:\nguest:x:1000:\nwheel:x:10:guest\n", out _);
        Assert.That(IdText.Format(1000, 1000, 1000, 1000, accounts, groups, "guest"), Is.EqualTo("uid=1000(guest) gid=1000(guest) groups=1000(guest),10(wheel)"));
        Assert.That(IdText.Format(1000, 1000, 0, 1000, accounts, groups, "guest"), Does.StartWith("uid=1000(guest) gid=1000(guest) euid=0(root) groups="));
        Assert.That(IdText.Format(4242, 7, 4242, 7, accounts, groups, null), Is.EqualTo("uid=4242 gid=7 groups=7"));
    }
}
