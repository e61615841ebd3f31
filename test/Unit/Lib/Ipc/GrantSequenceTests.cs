using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Lib.Ipc;

// A grant table entry reused for every transfer (VFS's device slots, the
// user library's data slot, RS's lending slots) takes a new sequence each
// time. Past 0x7FFF the id would turn negative, which servers refuse as
// forged: VFS's device slots wrapped at 0xFFFF, and every socket read
// failed after some 750 MB (issue 16's 512 MiB downloads, the second one).
public class GrantSequenceTests
{
    [Test]
    public void EverySequenceMakesAPositiveIdAndTheWrapSkipsZero()
    {
        ushort sequence = 0;
        for (int use = 0; use < 3 * GrantId.MaxPositiveSequence; use++)
        {
            sequence = GrantId.NextSequence(sequence);
            Assert.That(sequence, Is.InRange(1, (int)GrantId.MaxPositiveSequence));
            Assert.That(GrantId.From(GrantId.MaxEntries - 1, sequence).Value, Is.GreaterThan(0));
        }
        Assert.That(GrantId.NextSequence(GrantId.MaxPositiveSequence), Is.EqualTo(1));
        Assert.That(GrantId.NextSequence(ushort.MaxValue), Is.EqualTo(1), "a sequence already out of range comes back");
    }
}
