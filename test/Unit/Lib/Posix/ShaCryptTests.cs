using System;
using System.Security.Cryptography;
using Minix3.Cosmos.Lib.Posix.Users;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Lib.Posix;

// The "$6$" hashes of /etc/shadow against the published test vectors of the
// SHA-crypt specification (Drepper), and SHA-512 itself against the host's.
public class ShaCryptTests
{
    [TestCase("$6$saltstring", "Hello world!",
        "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [TestCase("$6$rounds=10000$saltstringsaltstring", "Hello world!",
        "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.")]
    [TestCase("$6$rounds=5000$toolongsaltstring", "This is just a test",
        "$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0")]
    [TestCase("$6$rounds=1400$anotherlongsaltstring", "a very much longer text to encrypt.  This one even stretches over morethan one line.",
        "$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1")]
    [TestCase("$6$rounds=77777$short", "we have a short salt string but not a short password",
        "$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0")]
    [TestCase("$6$rounds=123456$asaltof16chars..", "a short string",
        "$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1")]
    [TestCase("$6$rounds=10$roundstoolow", "the minimum number is still observed",
        "$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.")]
    public void MatchesThePublishedVectors(string setting, string password, string expected)
    {
        Assert.That(ShaCrypt.Hash(password, setting), Is.EqualTo(expected));
        Assert.That(ShaCrypt.Check(password, expected), Is.True, "the hash checks against its own setting");
        Assert.That(ShaCrypt.Check(password + "x", expected), Is.False);
    }

    [TestCase("")]
    [TestCase("$5$saltstring")]
    [TestCase("$6$rounds=$salt")]
    [TestCase("$6$rounds=12x$salt")]
    public void RefusesSettingsThatAreNotSha512Crypt(string setting)
    {
        Assert.That(ShaCrypt.Hash("password", setting), Is.Null);
        Assert.That(ShaCrypt.Check("password", setting), Is.False);
    }

    [Test]
    public void ANewSettingUsesItsRandomBytesAsTheSalt()
    {
        string setting = ShaCrypt.NewSetting(new byte[] { 0, 1, 63, 64, 200, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 99 });
        Assert.That(setting, Is.EqualTo("$6$./z.63456789ABCD"));
        string hash = ShaCrypt.Hash("guest", setting)!;
        Assert.That(hash, Does.StartWith(setting + "$"));
        Assert.That(hash.Length, Is.EqualTo(setting.Length + 1 + 86));
    }

    [TestCase(0)]
    [TestCase(111)]
    [TestCase(112)]
    [TestCase(128)]
    [TestCase(1000)]
    public void Sha512AgreesWithTheHost(int length)
    {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
            data[i] = (byte)(i * 7 + 3);
        Assert.That(Sha512.Hash(data), Is.EqualTo(SHA512.HashData(data)));
        var incremental = new Sha512();
        incremental.Add(data.AsSpan(0, length / 3));
        incremental.Add(data.AsSpan(length / 3));
        Assert.That(incremental.Finish(), Is.EqualTo(SHA512.HashData(data)), "in two pieces");
    }

    [Test]
    public void PasswordsAreHashedAsUtf8()
    {
        // What a Linux host's crypt(3) gives in a UTF-8 locale
        // (`openssl passwd -6 -salt abc 'pässwörd€'`).
        Assert.That(ShaCrypt.Hash("pässwörd€", "$6$abc"),
            Is.EqualTo("$6$abc$fA.hKgbZlybbe3tGdwJy73Nxq5hWRHJpSwU8Vs3RtGrDnZ3nYcL9QhhxNMmi9mmUGEggo.IZDDuV11Dd.nrZj."));
    }
}
