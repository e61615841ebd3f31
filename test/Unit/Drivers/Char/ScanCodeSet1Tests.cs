using System.Text;
using Minix3.Cosmos.Drivers.Char.Keyboard;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Drivers.Char;

// The keyboard driver's decoder, fed the bytes a PS/2 controller delivers
// with translation on (set 1: make code, release = make | 0x80).
public class ScanCodeSet1Tests
{
    private static string Type(params byte[] codes)
    {
        var decoder = new ScanCodeSet1();
        var text = new StringBuilder();
        foreach (byte code in codes)
        {
            int c = decoder.Decode(code);
            if (c != ScanCodeSet1.None)
                text.Append((char)c);
        }
        return text.ToString();
    }

    [Test]
    public void LettersDigitsAndEnter() =>
        Assert.That(Type(0x23, 0xA3, 0x17, 0x97, 0x02, 0x82, 0x1C, 0x9C), Is.EqualTo("hi1\n"));

    [Test]
    public void ShiftHoldsUntilReleased() =>
        Assert.That(Type(0x2A, 0x23, 0x02, 0xAA, 0x23), Is.EqualTo("H!h"));

    [Test]
    public void CapsLockTogglesLettersOnlyAndShiftInvertsIt() =>
        Assert.That(Type(0x3A, 0xBA, 0x1E, 0x02, 0x2A, 0x1E, 0xAA, 0x3A, 0xBA, 0x1E), Is.EqualTo("A1aa"));

    [Test]
    public void CtrlLetterIsTheControlCharacter() =>
        Assert.That(Type(0x1D, 0x2E, 0x9D, 0x2E), Is.EqualTo("\u0003c"));

    [Test]
    public void RightCtrlIsExtendedAndItsReleaseEndsIt() =>
        Assert.That(Type(0xE0, 0x1D, 0x20, 0xE0, 0x9D, 0x20), Is.EqualTo("\u0004d"));

    [Test]
    public void ThePauseSequenceAndUnknownExtendedKeysGiveNothing() =>
        // pause (E1 1D 45 E1 9D C5), then the extended "media" key E0 20,
        // then 'a': the pause's 1D must not be taken for ctrl nor 45 for a key.
        Assert.That(Type(0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5, 0xE0, 0x20, 0xE0, 0xA0, 0x1E), Is.EqualTo("a"));

    [Test]
    public void CursorKeysGiveTheTerminalsEscapeSequences()
    {
        var decoder = new ScanCodeSet1();
        var text = new StringBuilder();
        // up, down, left, right, home, end, delete, page up, page down,
        // each pressed and released; the releases give nothing.
        foreach (byte make in new byte[] { 0x48, 0x50, 0x4B, 0x4D, 0x47, 0x4F, 0x53, 0x49, 0x51 })
        {
            foreach (byte code in new byte[] { 0xE0, make, 0xE0, (byte)(make | 0x80) })
            {
                int key = decoder.Decode(code);
                if (key >= ScanCodeSet1.KeyBase)
                    text.Append(ScanCodeSet1.EscapeSequence(key));
                else
                    Assert.That(key, Is.EqualTo(ScanCodeSet1.None));
            }
        }
        Assert.That(text.ToString(), Is.EqualTo("\u001b[A\u001b[B\u001b[D\u001b[C\u001b[H\u001b[F\u001b[3~\u001b[5~\u001b[6~"));
    }

    [Test]
    public void EveryByteDecodesWithoutFailing()
    {
        var decoder = new ScanCodeSet1();
        for (int round = 0; round < 3; round++)
        {
            for (int code = 0; code < 256; code++)
            {
                int key = decoder.Decode((byte)code);
                if (key >= ScanCodeSet1.KeyBase)
                    Assert.That(ScanCodeSet1.EscapeSequence(key), Is.Not.Null);
                else
                    Assert.That(key, Is.GreaterThanOrEqualTo(ScanCodeSet1.None).And.LessThan(128));
            }
        }
    }
}
