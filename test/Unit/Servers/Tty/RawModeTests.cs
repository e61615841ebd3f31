using System.Text;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Tty.Line;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Tty;

// The line discipline without Canonical (a full-screen program's raw
// mode, set through TerminalIoctl.SetSettings): bytes readable at once,
// as typed, echoed only with Echo; switching modes loses nothing.
public class RawModeTests
{
    private sealed class Recorder : ITerminalOutput
    {
        private readonly StringBuilder _text = new();
        public void Put(byte value) => _text.Append((char)value);
        public int Column => 0;
        public string Text => _text.ToString();
    }

    private static string Read(LineDiscipline line, int max = 4096)
    {
        var buffer = new byte[max];
        int n = line.Peek(buffer, max);
        line.Consume(n);
        return Encoding.Latin1.GetString(buffer, 0, n);
    }

    private static bool Type(LineDiscipline line, string keys)
    {
        bool readable = false;
        foreach (char key in keys)
            readable |= line.Input((byte)key);
        return readable;
    }

    [Test]
    public void RawBytesAreReadableAtOnceAsTypedWithoutEcho()
    {
        var echo = new Recorder();
        var line = new LineDiscipline(echo);
        line.SetMode(0);

        Assert.That(Type(line, "a\r\u0003\u0004\u007f\u001b[A"), Is.True);
        Assert.That(line.HasInput, Is.True);
        Assert.That(Read(line), Is.EqualTo("a\r\u0003\u0004\u007f\u001b[A"), "one read takes every byte, none of them special");
        Assert.That(line.HasInput, Is.False);
        Assert.That(echo.Text, Is.Empty);
    }

    [Test]
    public void RawEchoShowsBytesAsTheyAre()
    {
        var echo = new Recorder();
        var line = new LineDiscipline(echo);
        line.SetMode(TerminalMode.Echo);
        Type(line, "x\u0003");
        Assert.That(echo.Text, Is.EqualTo("x\u0003"));
    }

    [Test]
    public void APartlyTypedLineIsHandedOverWhenRawModeStarts()
    {
        var line = new LineDiscipline(new Recorder());
        Type(line, "done\npart");
        Assert.That(line.SetMode(0), Is.True, "the edited line became readable");
        Assert.That(Read(line), Is.EqualTo("done\n"), "the ended line first, alone");
        Type(line, "!");
        Assert.That(Read(line), Is.EqualTo("part!"));
    }

    [Test]
    public void UnreadRawBytesAreReadFirstBackInLineMode()
    {
        var line = new LineDiscipline(new Recorder());
        line.SetMode(0);
        Type(line, "raw");
        Assert.That(line.SetMode(TerminalMode.Canonical | TerminalMode.Echo), Is.False);
        Type(line, "line\n");
        Assert.That(Read(line), Is.EqualTo("raw"));
        Assert.That(Read(line), Is.EqualTo("line\n"));
        Assert.That(line.Mode, Is.EqualTo(TerminalMode.Canonical | TerminalMode.Echo));
    }

    [Test]
    public void AFloodOfRawBytesIsBounded()
    {
        var line = new LineDiscipline(new Recorder());
        line.SetMode(0);
        for (int i = 0; i < LineDiscipline.QueueCapacity + 100; i++)
            line.Input((byte)'z');
        Assert.That(line.Dropped, Is.EqualTo(100));
        Assert.That(Read(line, 2 * LineDiscipline.QueueCapacity).Length, Is.EqualTo(LineDiscipline.QueueCapacity));
        Assert.That(line.Input((byte)'y'), Is.True, "room again once read");
    }

    [Test]
    public void UnknownModeBitsAreIgnored()
    {
        var line = new LineDiscipline(new Recorder());
        line.SetMode(0x7FFFFFFF);
        Assert.That(line.Mode, Is.EqualTo(TerminalMode.Known));
    }
}
