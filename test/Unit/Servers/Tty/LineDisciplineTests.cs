using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Servers.Tty.Line;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Tty;

// Canonical input editing: what a reader gets, and what is echoed, for the
// keys a user types.
public class LineDisciplineTests
{
    private sealed class Recorder : ITerminalOutput
    {
        private readonly StringBuilder _text = new();
        public void Put(byte value)
        {
            _text.Append((char)value);
            Column = LineDiscipline.Advance(Column, value);
        }
        public int Column { get; private set; }
        public string Text => _text.ToString();
    }

    private Recorder _echo = null!;
    private LineDiscipline _line = null!;

    [SetUp]
    public void NewTerminal()
    {
        _echo = new Recorder();
        _line = new LineDiscipline(_echo);
    }

    // Types `keys`; how many of them made input readable.
    private int Type(string keys)
    {
        int ended = 0;
        foreach (char key in keys)
        {
            if (_line.Input((byte)key))
                ended++;
        }
        return ended;
    }

    // One read of up to `max` bytes, consumed; null when nothing is ready.
    private string? Read(int max = 512)
    {
        if (!_line.HasInput)
            return null;
        var buffer = new byte[512];
        int count = _line.Peek(buffer, max);
        _line.Consume(count);
        return Encoding.ASCII.GetString(buffer, 0, count);
    }

    // A password prompt: the line is still edited, nothing is shown.
    [Test]
    public void WithoutEchoALineIsEditedButNothingIsShown()
    {
        _line.SetMode(Minix3.Cosmos.Lib.Ipc.TerminalMode.Canonical);
        Assert.That(Type("secrez\bt\r"), Is.EqualTo(1));
        Assert.That(Read(), Is.EqualTo("secret\n"));
        Assert.That(_echo.Text, Is.Empty);
        _line.SetMode(Minix3.Cosmos.Lib.Ipc.TerminalMode.Canonical | Minix3.Cosmos.Lib.Ipc.TerminalMode.Echo);
        Type("ok\r");
        Assert.That(_echo.Text, Is.EqualTo("ok\n"));
    }

    [Test]
    public void BackspaceErasesOneCharacterAndEchoesTheErasure()
    {
        Assert.That(Type("helo\bp me\r"), Is.EqualTo(1));
        Assert.That(Read(), Is.EqualTo("help me\n"));
        Assert.That(_echo.Text, Is.EqualTo("helo\b \bp me\n"));
        Assert.That(Read(), Is.Null);
    }

    [Test]
    public void DeleteErasesLikeBackspaceAndBackspaceOnAnEmptyLineDoesNothing()
    {
        Type("\b\x7f" + "ab\x7f" + "c\n");
        Assert.That(Read(), Is.EqualTo("ac\n"));
        Assert.That(_echo.Text, Is.EqualTo("ab\b \bc\n"));
    }

    [Test]
    public void NothingIsReadableUntilTheLineEnds()
    {
        Assert.That(Type("partial"), Is.Zero);
        Assert.That(_line.HasInput, Is.False);
        Assert.That(_line.EditingLength, Is.EqualTo(7));
        Type("\r");
        Assert.That(Read(), Is.EqualTo("partial\n"));
    }

    [Test]
    public void CtrlUErasesTheWholeLine()
    {
        Type("junk\x15ok\r");
        Assert.That(Read(), Is.EqualTo("ok\n"));
        Assert.That(_echo.Text, Is.EqualTo("junk" + string.Concat(System.Linq.Enumerable.Repeat("\b \b", 4)) + "ok\n"));
    }

    [Test]
    public void CtrlDAtTheStartOfALineIsEndOfFile()
    {
        Assert.That(Type("\x04"), Is.EqualTo(1));
        Assert.That(_line.HasInput, Is.True);
        Assert.That(Read(), Is.EqualTo(""), "a read of end of file returns 0 bytes");
        Assert.That(_line.HasInput, Is.False, "the end-of-file mark is taken by that read");
        Assert.That(_echo.Text, Is.Empty);
    }

    [Test]
    public void CtrlDInsideALineDeliversItWithoutANewline()
    {
        Type("abc\x04");
        Assert.That(Read(), Is.EqualTo("abc"));
        Type("\x04");
        Assert.That(Read(), Is.EqualTo(""), "now at the start of a line: end of file");
    }

    [Test]
    public void CtrlCDiscardsTheLineEchoesAndCallsTheHook()
    {
        int interrupts = 0;
        _line.Interrupted = () => interrupts++;
        Type("xyz\x03" + "after\r");
        Assert.That(interrupts, Is.EqualTo(1));
        Assert.That(Read(), Is.EqualTo("after\n"));
        Assert.That(Read(), Is.Null);
        Assert.That(_echo.Text, Is.EqualTo("xyz^C\nafter\n"));
    }

    [Test]
    public void CrLfIsOneEnterButTwoLfsAreTwoLines()
    {
        Assert.That(Type("a\r\nb\n\n"), Is.EqualTo(3));
        Assert.That(Read(), Is.EqualTo("a\n"));
        Assert.That(Read(), Is.EqualTo("b\n"));
        Assert.That(Read(), Is.EqualTo("\n"));
        Assert.That(Read(), Is.Null);
    }

    [Test]
    public void AReadGetsOneLineAndAShortReadLeavesTheRest()
    {
        Type("0123456789\rnext\r");
        Assert.That(Read(4), Is.EqualTo("0123"));
        Assert.That(Read(4), Is.EqualTo("4567"));
        Assert.That(Read(4), Is.EqualTo("89\n"));
        Assert.That(Read(), Is.EqualTo("next\n"));
    }

    [Test]
    public void PeekTakesNothingUntilConsumed()
    {
        Type("keep\r");
        var buffer = new byte[16];
        Assert.That(_line.Peek(buffer, 16), Is.EqualTo(5));
        Assert.That(_line.Peek(buffer, 16), Is.EqualTo(5), "a failed copy to the reader loses nothing");
        Assert.That(Read(), Is.EqualTo("keep\n"));
    }

    [Test]
    public void AFullLineDropsExtraInputWithABellButStillEnds()
    {
        Type(new string('x', 300) + "\r");
        string? line = Read();
        Assert.That(line, Is.EqualTo(new string('x', LineDiscipline.LineCapacity) + "\n"));
        Assert.That(_line.Dropped, Is.EqualTo(300 - LineDiscipline.LineCapacity));
        Assert.That(_echo.Text, Is.EqualTo(new string('x', 255) + new string('\a', 45) + "\n"));
    }

    [Test]
    public void UnreadLinesAreBoundedInBytesAndInCount()
    {
        // Lines of 200 bytes until the queue refuses: never more than its capacity.
        for (int i = 0; i < 40; i++)
            Type(new string('y', 199) + "\r");
        int queued = 0, lines = 0;
        string? line;
        while ((line = Read()) != null)
        {
            queued += line.Length;
            lines++;
        }
        Assert.That(queued, Is.LessThanOrEqualTo(LineDiscipline.QueueCapacity));
        Assert.That(lines, Is.GreaterThan(15));
        Assert.That(_line.Dropped, Is.GreaterThan(0));

        NewTerminal();
        for (int i = 0; i < LineDiscipline.MaxQueuedLines + 10; i++)
            Type("\x04");
        int marks = 0;
        while (Read() != null)
            marks++;
        Assert.That(marks, Is.EqualTo(LineDiscipline.MaxQueuedLines));
        Assert.That(_echo.Text, Is.EqualTo(new string('\a', 10)));
    }

    [Test]
    public void ControlCharactersAreKeptAndEchoedWithACaretAndErasedAsTwoColumns()
    {
        Type("a\x1b\x1b\b\r");
        Assert.That(Read(), Is.EqualTo("a\x1b\n"));
        Assert.That(_echo.Text, Is.EqualTo("a^[^[\b \b\b \b\n"));
    }

    [Test]
    public void ErasingATabBacksUpOverTheColumnsItTook()
    {
        Type("a\tb\b\b\r");
        Assert.That(Read(), Is.EqualTo("a\n"));
        Assert.That(_echo.Text, Is.EqualTo("a\tb\b \b" + new string('\b', 7) + "\n"), "'a' at 0, the tab from 1 to 8");
    }

    [Test]
    public void TabWidthsCountFromWhereTheLineStarted()
    {
        foreach (char c in "$ ")
            _echo.Put((byte)c);   // a prompt written before the line
        Type("\t\b\tx\x01\t\b\r");
        Assert.That(Read(), Is.EqualTo("\tx\x01\n"));
        // The prompt ends at 2: the first tab took 6 columns; after "\tx^A"
        // (8, 9, 11) the last tab took 5.
        Assert.That(_echo.Text, Is.EqualTo("$ \t" + new string('\b', 6) + "\tx^A\t" + new string('\b', 5) + "\n"));
    }

    [Test]
    public void TabIsEchoedAsItself()
    {
        Type("a\tb\r");
        Assert.That(Read(), Is.EqualTo("a\tb\n"));
        Assert.That(_echo.Text, Is.EqualTo("a\tb\n"));
    }

    [Test]
    public void ReadingWithNothingReadyGivesNothing()
    {
        var buffer = new byte[8];
        Assert.That(_line.Peek(buffer, 8), Is.Zero);
        _line.Consume(8);
        Assert.That(_line.HasInput, Is.False);
    }
}
