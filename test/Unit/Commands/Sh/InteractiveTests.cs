using System;
using System.Text;
using Minix3.Cosmos.Commands.Sh;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// Shell.RunInteractive, the front end of `sh` without a script: prompts,
// continuation lines for open constructs, state kept between lines, exit,
// and reading no further than the current line from a non-terminal.
public class InteractiveTests
{
    // Hands out its text in reads of at most Chunk bytes and counts them.
    private sealed class ChunkedInput : IShellInput
    {
        private readonly byte[] _data;
        private int _position;
        public int Chunk = int.MaxValue;
        public int Reads;

        public ChunkedInput(string text) { _data = Encoding.UTF8.GetBytes(text); }

        public int Position => _position;

        public int Read(Span<byte> buffer)
        {
            Reads++;
            int count = Math.Min(Math.Min(buffer.Length, Chunk), _data.Length - _position);
            _data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
    }

    [Test]
    public void EachLineRunsInTheSameShellWithAPromptBeforeIt()
    {
        var host = new FakeShellHost();
        var prompts = new ShellBuffer();
        var input = new ChunkedInput("x=5\necho $((x * 2))\nfalse\necho $?\n");

        int status = new Shell(host).RunInteractive(input, prompts, lineAtATime: true);

        Assert.That(status, Is.EqualTo(0));
        Assert.That(host.Output.ToString(), Is.EqualTo("10\n1\n"));
        // One prompt per line, and one more before end of input.
        Assert.That(prompts.ToString(), Is.EqualTo("# # # # # "));
    }

    [Test]
    public void OpenConstructsContinueOnTheNextLines()
    {
        var host = new FakeShellHost();
        var prompts = new ShellBuffer();
        var input = new ChunkedInput("if true\nthen\necho 'a\nb'\nfi\necho done |\ncat\n");

        new Shell(host).RunInteractive(input, prompts, lineAtATime: true);

        Assert.That(host.Output.ToString(), Is.EqualTo("a\nb\ndone\n"));
        Assert.That(prompts.ToString(), Is.EqualTo("# > > > > # > # "));
    }

    [Test]
    public void ASyntaxErrorEndsOnlyItsLine()
    {
        var host = new FakeShellHost();
        var input = new ChunkedInput("echo a; fi\necho b\n");

        int status = new Shell(host).RunInteractive(input, null, lineAtATime: true);

        Assert.That(status, Is.EqualTo(0));
        Assert.That(host.Output.ToString(), Is.EqualTo("b\n"));
        Assert.That(host.Error.ToString(), Does.Contain("syntax error"));
    }

    [Test]
    public void ExitStopsReadingWithItsStatus()
    {
        var host = new FakeShellHost();
        var input = new ChunkedInput("echo before\nexit 7\necho after\n");

        int status = new Shell(host).RunInteractive(input, null, lineAtATime: true);

        Assert.That(status, Is.EqualTo(7));
        Assert.That(host.Output.ToString(), Is.EqualTo("before\n"));
    }

    [Test]
    public void EndOfInputInsideAConstructIsReportedAsInAScript()
    {
        var host = new FakeShellHost();
        var input = new ChunkedInput("while true; do\necho x\n");

        int status = new Shell(host).RunInteractive(input, null, lineAtATime: true);

        Assert.That(status, Is.EqualTo(2));
        Assert.That(host.Output.ToString(), Is.Empty);
        Assert.That(host.Error.ToString(), Does.Contain("syntax error"));
    }

    [Test]
    public void ALastLineWithoutNewlineStillRuns()
    {
        var host = new FakeShellHost();
        new Shell(host).RunInteractive(new ChunkedInput("echo one\necho two"), null, lineAtATime: true);
        Assert.That(host.Output.ToString(), Is.EqualTo("one\ntwo\n"));
    }

    [Test]
    public void FromANonTerminalNothingPastTheLineIsConsumed()
    {
        // The command on the first line reads the next line itself: the
        // shell must not have read it ahead.
        var host = new FakeShellHost();
        var input = new ChunkedInput("read v\nhello there\necho got $v\n");
        host.AddProgram("noop", _ => 0);

        // read is a builtin that reads the shell's standard input, which
        // here is the same stream the lines come from.
        var shell = new Shell(new SharedInputHost(host, input));
        shell.RunInteractive(input, null, lineAtATime: false);

        Assert.That(host.Output.ToString(), Is.EqualTo("got hello there\n"));
    }

    [Test]
    public void OverlongLinesAreCutNotBuffered()
    {
        var host = new FakeShellHost();
        string longWord = new string('y', Shell.MaxLineBytes + 5000);
        new Shell(host).RunInteractive(new ChunkedInput("v=" + longWord + "\necho ${#v}\n"), null, lineAtATime: true);
        Assert.That(host.Output.ToString(), Is.EqualTo((Shell.MaxLineBytes - 2) + "\n"));
    }

    [TestCase("echo hi", false)]
    [TestCase("if true; then", true)]
    [TestCase("echo 'open", true)]
    [TestCase("echo \"open", true)]
    [TestCase("a &&", true)]
    [TestCase("a |", true)]
    [TestCase("f() {", true)]
    [TestCase("case x in", true)]
    [TestCase("fi", false)]
    [TestCase("echo a; )", false)]
    public void NeedsMoreInputOnlyWhenTheTextEndsTooEarly(string text, bool expected)
    {
        Assert.That(Shell.NeedsMoreInput(text + "\n"), Is.EqualTo(expected));
    }

    // The fake host with its standard input replaced by the stream the
    // interactive loop reads, as fd 0 is for the real sh.
    private sealed class SharedInputHost : IShellHost
    {
        private readonly FakeShellHost _inner;
        private readonly IShellInput _input;

        public SharedInputHost(FakeShellHost inner, IShellInput input)
        {
            _inner = inner;
            _input = input;
        }

        public int ProcessId => _inner.ProcessId;
        public IShellInput StandardInput => _input;
        public IShellOutput StandardOutput => _inner.StandardOutput;
        public IShellOutput StandardError => _inner.StandardError;
        public bool TryRunCommand(ShellInvocation invocation, out int exitStatus) => _inner.TryRunCommand(invocation, out exitStatus);
        public IShellInput? OpenRead(string path, out string error) => _inner.OpenRead(path, out error);
        public IShellOutput? OpenWrite(string path, bool append, out string error) => _inner.OpenWrite(path, append, out error);
        public bool ChangeDirectory(string path, out string error) => _inner.ChangeDirectory(path, out error);
        public ShellFileKind GetFileKind(string path) => _inner.GetFileKind(path);
        public bool TryGetWorkingDirectory(out string path, out string error) => _inner.TryGetWorkingDirectory(out path, out error);
        public IShellProcesses? Processes => _inner.Processes;
    }
}
