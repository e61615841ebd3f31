using Minix3.Cosmos.Lib.Posix.Users;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Lib.Posix;

// /etc/passwd, /etc/group and /etc/shadow as the commands read them: a
// damaged line is skipped and counted, never turned into an account.
public class AccountFilesTests
{
    private const string Passwd = "# accounts\nroot:x:0:0:Super User:/root:/bin/sh\r\n\nguest:x:1000:100:Guest:/home/guest:/bin/sh\n";

    [Test]
    public void ReadsAccountsSkippingCommentsBlankLinesAndCarriageReturns()
    {
        var accounts = AccountFiles.Accounts(Passwd, out int malformed);
        Assert.That(malformed, Is.Zero);
        Assert.That(accounts, Has.Count.EqualTo(2));
        Account guest = AccountFiles.ByName(accounts, "guest")!;
        Assert.That((guest.Uid, guest.Gid, guest.Comment, guest.Home, guest.Shell), Is.EqualTo((1000, 100, "Guest", "/home/guest", "/bin/sh")));
        Assert.That(AccountFiles.ByUid(accounts, 0)!.Name, Is.EqualTo("root"));
        Assert.That(AccountFiles.ByUid(accounts, 7), Is.Null);
    }

    [TestCase("mallory:x:0:0::/root")]                 // a field short
    [TestCase("mallory:x:0:0::/root:/bin/sh:extra")]   // a field too many
    [TestCase("mallory:x:-1:0::/root:/bin/sh")]        // not a number
    [TestCase("mallory:x:99999:0::/root:/bin/sh")]     // out of range
    [TestCase("mallory:x::0::/root:/bin/sh")]          // empty uid
    [TestCase(":x:5:5::/:/bin/sh")]                    // no name
    public void AMalformedLineIsSkippedAndCounted(string line)
    {
        var accounts = AccountFiles.Accounts(Passwd + line + "\n", out int malformed);
        Assert.That(malformed, Is.EqualTo(1));
        Assert.That(accounts, Has.Count.EqualTo(2));
        Assert.That(AccountFiles.ByName(accounts, "mallory"), Is.Null);
    }

    [Test]
    public void ReadsGroupsAndTheirMembers()
    {
        var groups = AccountFiles.Groups("root:x:0:\nusers:x:100:guest,alice\nbad:x:y:\n", out int malformed);
        Assert.That(malformed, Is.EqualTo(1));
        Assert.That(AccountFiles.ByGid(groups, 0)!.Members, Is.Empty);
        Assert.That(AccountFiles.ByGid(groups, 100)!.Members, Is.EqualTo(new[] { "guest", "alice" }));
    }

    [Test]
    public void FindsAndReplacesAShadowHash()
    {
        const string shadow = "root::19000:0:99999:7:::\nguest:$6$abc$xyz:19000:0:99999:7:::\n";
        Assert.That(AccountFiles.ShadowHash(shadow, "root"), Is.EqualTo(""));
        Assert.That(AccountFiles.ShadowHash(shadow, "guest"), Is.EqualTo("$6$abc$xyz"));
        Assert.That(AccountFiles.ShadowHash(shadow, "nobody"), Is.Null);
        Assert.That(AccountFiles.WithShadowHash(shadow, "guest", "$6$new$h"),
            Is.EqualTo("root::19000:0:99999:7:::\nguest:$6$new$h:19000:0:99999:7:::\n"));
        Assert.That(AccountFiles.WithShadowHash(shadow, "nobody", "h"), Is.Null);
    }
}
