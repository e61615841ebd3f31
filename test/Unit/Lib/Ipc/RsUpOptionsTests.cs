using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Lib.Ipc;

// `service up`'s options travel packed in two message words (RsProtocol.cs).
public class RsUpOptionsTests
{
    [TestCase(0u, -1, 0u)]
    [TestCase(500u, 0, 60u)]
    [TestCase(uint.MaxValue, 65534, 65535u)]
    [TestCase(1000u, 3, 0u)]
    public void PeriodLimitAndWindowRoundTrip(uint period, int limit, uint window)
    {
        long word5 = RsUpOptions.Pack(period, limit, window);
        Assert.That(RsUpOptions.PeriodMs(word5), Is.EqualTo(period));
        Assert.That(RsUpOptions.Limit(word5), Is.EqualTo(limit), "-1 keeps the policy's limit; 0 means never restart");
        Assert.That(RsUpOptions.WindowSeconds(word5), Is.EqualTo(window));
    }

    [Test]
    public void TheScriptsGrantAndLengthRoundTripAndNeverLookLikeNoScript()
    {
        var grant = GrantId.From(2, 0xFFFF);
        long word6 = RsUpOptions.Script(grant, 4096);
        Assert.That(RsUpOptions.ScriptGrant(word6).Value, Is.EqualTo(grant.Value));
        Assert.That(RsUpOptions.ScriptLength(word6), Is.EqualTo(4096));
        Assert.That(word6, Is.Not.EqualTo(RsUpOptions.NoScript));
    }
}
