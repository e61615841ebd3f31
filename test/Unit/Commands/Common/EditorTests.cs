using System.Collections.Generic;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Commands.Common.Editor;
using Minix3.Cosmos.Servers.Tty.Line;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Common;

// The editor `edit` without a terminal (Common/Editor): its text, its
// keys, its screen. The frames it paints are played on TTY's own screen
// model (Servers/Tty/Line/Screen), so what is checked is what the
// console would show.
public class EditorTests
{
    private sealed class MemoryFiles : IEditorFiles
    {
        public readonly Dictionary<string, byte[]> Saved = new();
        public string? Refuse;

        public bool Save(string path, byte[] bytes, out string error)
        {
            error = Refuse ?? "";
            if (Refuse != null)
                return false;
            Saved[path] = bytes;
            return true;
        }
    }

    private sealed class Run
    {
        public readonly MemoryFiles Files = new();
        public readonly EditorSession Session;
        public readonly Screen Screen = new();
        private readonly KeyDecoder _keys = new();

        public Run(string text, string? path = "/etc/rc", int rows = 25, int columns = 80)
        {
            Session = new EditorSession(TextBuffer.Load(Encoding.Latin1.GetBytes(text)), path, rows, columns, Files);
            Show();
        }

        // Types bytes as a terminal sends them, then paints the screen.
        public Run Type(string bytes)
        {
            foreach (byte b in Encoding.Latin1.GetBytes(bytes))
            {
                KeyPress key = _keys.Feed(b, out KeyPress escaped);
                Session.Handle(key);
                if (escaped.Key != Key.None)
                    Session.Handle(escaped);
            }
            Show();
            return this;
        }

        public void Show()
        {
            foreach (byte b in Encoding.Latin1.GetBytes(Session.Paint()))
                Screen.Put(b);
        }

        public string Text => Encoding.Latin1.GetString(Session.Text.Save());
        public string Status => Screen.RowText(24);
    }

    [TestCase("")]
    [TestCase("\n")]
    [TestCase("one line\n")]
    [TestCase("no newline at the end")]
    [TestCase("a\n\nb\n\n")]
    [TestCase("bytes \u00ff\u0080\u0001 kept\r\n")]
    public void AnUnchangedTextSavesAsItWasRead(string text)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(text);
        Assert.That(TextBuffer.Load(bytes).Save(), Is.EqualTo(bytes));
    }

    [Test]
    public void AChangedTextEndsWithANewlineAndAnEmptiedOneIsEmpty()
    {
        var run = new Run("last");
        run.Type("\u001b[F!");
        Assert.That(run.Text, Is.EqualTo("last!\n"));
        run.Type("\u000b");
        Assert.That(run.Text, Is.EqualTo(""));
    }

    [Test]
    public void KeysSplitAcrossReadsAndBothTerminalsSpellings()
    {
        var decoder = new KeyDecoder();
        var keys = new List<string>();
        foreach (byte b in Encoding.Latin1.GetBytes("\u001b[A\u001bOB\u001b[1~\u001b[4~\u001b[3~\u001b[5~\u001b[6~\u001b[H\u001bOF\r\n\n\u007f\bx\u0013\u001bq\u001b[9~"))
        {
            KeyPress key = decoder.Feed(b, out KeyPress escaped);
            if (key.Key != Key.None)
                keys.Add(key.ToString());
            if (escaped.Key != Key.None)
                keys.Add(escaped.ToString());
        }
        Assert.That(keys, Is.EqualTo(new[]
        {
            "Up", "Down", "Home", "End", "Delete", "PageUp", "PageDown", "Home", "End", "Enter", "Enter", "Backspace", "Backspace",
            "Byte 120", "Ctrl-S", "Escape", "Byte 113",
        }), "CR LF is one Enter; an unknown ESC [ 9 ~ gives nothing");
    }

    [Test]
    public void TheScreenShowsTheTextAndAStatusLine()
    {
        var run = new Run("# /etc/rc\necho hello\n");
        Assert.That(run.Screen.RowText(0), Is.EqualTo("# /etc/rc"));
        Assert.That(run.Screen.RowText(1), Is.EqualTo("echo hello"));
        Assert.That(run.Screen.RowText(2), Is.EqualTo("~"));
        Assert.That(run.Status, Does.StartWith(" /etc/rc  line 1/2 col 1  ^S save  ^X exit"));
        Assert.That(run.Screen.Cells[24 * 80 + 1] >> 8, Is.EqualTo(0x70), "the status line is in reverse video");
        Assert.That((run.Screen.Row, run.Screen.Column), Is.EqualTo((0, 0)));
    }

    [Test]
    public void EditingAndSavingALine()
    {
        var run = new Run("echo hello\nexit 0\n");
        run.Type("\u001b[B\u001b[F\b\u00087\u001b[A\u001b[H\u001b[C\u001b[C\u001b[C\u001b[C\u001b[Cx");
        Assert.That(run.Screen.RowText(0), Is.EqualTo("echo xhello"));
        Assert.That(run.Screen.RowText(1), Is.EqualTo("exit7"));
        Assert.That(run.Status, Does.Contain("[modified]"));
        run.Type("\u0013");
        Assert.That(Encoding.Latin1.GetString(run.Files.Saved["/etc/rc"]), Is.EqualTo("echo xhello\nexit7\n"));
        Assert.That(run.Status, Does.Contain("saved /etc/rc: 2 lines, 18 bytes"));
        run.Type("\u001b[A");
        Assert.That(run.Status, Does.StartWith(" /etc/rc  line 1/2"), "saved: no longer modified");
    }

    [Test]
    public void EnterSplitsBackspaceJoinsDeleteJoinsWithTheNext()
    {
        var run = new Run("abcd\nef\n");
        run.Type("\u001b[C\u001b[C\r");
        Assert.That(run.Text, Is.EqualTo("ab\ncd\nef\n"));
        run.Type("\b");
        Assert.That(run.Text, Is.EqualTo("abcd\nef\n"));
        run.Type("\u0005\u0004");
        Assert.That(run.Text, Is.EqualTo("abcdef\n"));
        run.Type("\u0001\u001b[3~\u0004");
        Assert.That(run.Text, Is.EqualTo("cdef\n"));
    }

    [Test]
    public void ExitAsksAgainWhenThereAreUnsavedChanges()
    {
        var run = new Run("x\n");
        run.Type("\u0018");
        Assert.That(run.Session.Finished, Is.True, "nothing changed: ^X exits");

        run = new Run("x\n");
        run.Type("y\u0018");
        Assert.That(run.Session.Finished, Is.False);
        Assert.That(run.Status, Does.Contain("unsaved changes: ^S saves them, ^X again exits without saving"));
        run.Type("z\u0018");
        Assert.That(run.Session.Finished, Is.False, "another key in between asks again");
        run.Type("\u0018");
        Assert.That(run.Session.Finished, Is.True);
        Assert.That(run.Files.Saved, Is.Empty);
    }

    [Test]
    public void AFailedSaveSaysWhyAndKeepsTheChanges()
    {
        var run = new Run("x\n");
        run.Files.Refuse = "No space left on device";
        run.Type("y\u0013");
        Assert.That(run.Status, Does.Contain("not saved: /etc/rc: No space left on device"));
        run.Type("\u001b[D");
        Assert.That(run.Status, Does.Contain("[modified]"));
    }

    [Test]
    public void ANewTextAsksForItsName()
    {
        var run = new Run("", path: null);
        run.Type("hi\u0013");
        Assert.That(run.Status, Does.StartWith("Save as:"));
        run.Type("/tmp/new\r");
        Assert.That(Encoding.Latin1.GetString(run.Files.Saved["/tmp/new"]), Is.EqualTo("hi\n"));
        Assert.That(run.Session.Path, Is.EqualTo("/tmp/new"));
    }

    [Test]
    public void LongFilesScrollAndPageAndGoToLine()
    {
        string text = string.Concat(Enumerable.Range(1, 200).Select(i => $"line {i}\n"));
        var run = new Run(text);
        run.Type("\u001b[6~");
        Assert.That(run.Session.Line, Is.EqualTo(23));
        Assert.That(run.Screen.RowText(23), Is.EqualTo("line 24"));
        run.Type("\u001b[B");
        Assert.That(run.Screen.RowText(23), Is.EqualTo("line 25"), "one line down scrolls one line");
        Assert.That(run.Screen.RowText(0), Is.EqualTo("line 2"));
        run.Type("\u0007150\r");
        Assert.That(run.Session.Line, Is.EqualTo(149));
        Assert.That(run.Status, Does.Contain("line 150/200"));
        run.Type("\u0007999\r");
        Assert.That(run.Status, Does.Contain("no line '999' (1 to 200)"));
        run.Type("\u001b[5~\u001b[5~\u001b[5~\u001b[5~\u001b[5~\u001b[5~\u001b[5~");
        Assert.That((run.Session.Line, run.Screen.RowText(0)), Is.EqualTo((0, "line 1")));
    }

    [Test]
    public void FindGoesToTheNextMatchAndWrapsAround()
    {
        var run = new Run("alpha\nbeta\ngamma beta\n");
        run.Type("\u0017beta\r");
        Assert.That((run.Session.Line, run.Session.Column), Is.EqualTo((1, 0)));
        run.Type("\u0017\r");
        Assert.That((run.Session.Line, run.Session.Column), Is.EqualTo((2, 6)), "^W Enter finds the same text again");
        run.Type("\u0017\r");
        Assert.That((run.Session.Line, run.Session.Column), Is.EqualTo((1, 0)), "wrapped around");
        run.Type("\u0017\b\b\b\bzeta\r");
        Assert.That(run.Status, Does.Contain("not found: zeta"));
        run.Type("\u0017abc\u001bx");
        Assert.That(run.Status, Does.Not.Contain("Find"));
        Assert.That(run.Text, Does.StartWith("alpha\nxbeta"), "Escape cancelled; the next key edits");
    }

    [Test]
    public void UpAndDownKeepTheColumnTheyStartedFrom()
    {
        var run = new Run("long line here\nab\nanother long line\n");
        run.Type("\u001b[F\u001b[B");
        Assert.That(run.Session.Column, Is.EqualTo(2));
        run.Type("\u001b[B");
        Assert.That(run.Session.Column, Is.EqualTo(14));
    }

    [Test]
    public void TabsAndControlBytesTakeTheirColumnsAndLongLinesScrollSideways()
    {
        var run = new Run("\tx\u0001y\n" + new string('z', 100) + "END\n");
        Assert.That(run.Screen.RowText(0), Is.EqualTo("        x^Ay"));
        run.Type("\u001b[F");
        Assert.That(run.Screen.Column, Is.EqualTo(12));
        run.Type("\u001b[B\u001b[F");
        Assert.That(run.Screen.RowText(1), Does.EndWith("zzzEND"));
        Assert.That(run.Screen.Column, Is.EqualTo(103 - run.Session.Left));
        Assert.That(run.Session.Left, Is.GreaterThan(0));
    }

    [Test]
    public void OnlyChangedRowsAreRepainted()
    {
        var run = new Run("a\nb\nc\n");
        string frame = run.Session.Paint();
        Assert.That(frame, Is.EqualTo("\u001b[1;1H"), "nothing changed: only the cursor is placed");
        run.Session.Handle(new KeyPress(Key.Byte, 'x'));
        frame = run.Session.Paint();
        Assert.That(frame, Does.Contain("\u001b[1;1Hxa\u001b[K"));
        Assert.That(frame, Does.Not.Contain("\u001b[2;1H"));
        run.Session.Handle(KeyPress.Ctrl('L'));
        Assert.That(run.Session.Paint(), Does.StartWith("\u001b[0m\u001b[H\u001b[2J"));
    }

    [Test]
    public void PromptsTakeOnlyPrintableBytesAndAreBounded()
    {
        var run = new Run("x\n");
        run.Type("\u0007" + new string('9', 500) + "\u0001\r");
        Assert.That(run.Status, Does.Contain("no line '" + new string('9', EditorSession.MaxPromptInput) + "'").Or.Contain("no line '99"));
        Assert.That(run.Session.Line, Is.EqualTo(0));
    }

    [Test]
    public void BytesAboveAsciiAreKeptAndShownAsQuestionMarks()
    {
        var run = new Run("caf\u00e9\n");
        Assert.That(run.Screen.RowText(0), Is.EqualTo("caf?"));
        run.Type("\u001b[F!\u0013");
        Assert.That(run.Files.Saved["/etc/rc"], Is.EqualTo(Encoding.Latin1.GetBytes("caf\u00e9!\n")));
    }
}
