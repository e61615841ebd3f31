using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// Pipelines, redirections and external commands through the host.
public class PipelineTests
{
    [Test]
    public void PipesConnectBuiltinsAndPrograms()
    {
        var run = new ShellRun("echo one two | cat | wc -w");

        Assert.That(run.Output, Is.EqualTo("2\n"));
        Assert.That(run.Host.Commands, Is.EqualTo(new[] { "cat", "wc -w" }));
    }

    [Test]
    public void ThreeStagesAndALineCount()
    {
        var run = new ShellRun("for i in 1 2 3; do echo line $i; done | cat | wc -l");

        Assert.That(run.Output, Is.EqualTo("3\n"));
    }

    [Test]
    public void PipelineStatusIsTheLastStagesAndNegationFlipsIt()
    {
        var run = new ShellRun("false | true; echo $?; true | false; echo $?; ! true | false; echo $?");

        Assert.That(run.Output, Is.EqualTo("0\n1\n0\n"));
    }

    [Test]
    public void PipelineStagesAreSubshells()
    {
        var run = new ShellRun("x=1; echo 2 | read x; echo $x; echo a b | { read p q; echo \"$q$p\"; }");

        Assert.That(run.Output, Is.EqualTo("1\nba\n"));
    }

    [Test]
    public void ExitInAPipelineStageEndsOnlyThatStage()
    {
        var run = new ShellRun("exit 4 | echo after; echo $?");

        Assert.That(run.Output, Is.EqualTo("after\n0\n"));
        Assert.That(run.Shell.HasExited, Is.False);
    }

    [Test]
    public void OutputRedirectionCreatesTruncatesAndAppends()
    {
        var host = new FakeShellHost();
        host.Files["/tmp/log"] = "old\n";
        var run = new ShellRun(host, "echo first > /tmp/log; echo second >> /tmp/log; echo x >/tmp/new; > /tmp/empty");

        Assert.That(host.Files["/tmp/log"], Is.EqualTo("first\nsecond\n"));
        Assert.That(host.Files["/tmp/new"], Is.EqualTo("x\n"));
        Assert.That(host.Files["/tmp/empty"], Is.EqualTo(""));
        Assert.That(run.Output, Is.Empty);
        Assert.That(host.OpenStreams, Is.Zero, "every stream the shell opened is closed");
    }

    [Test]
    public void InputRedirectionFeedsPrograms()
    {
        var host = new FakeShellHost();
        host.Files["/etc/motd"] = "a\nb\n";
        var run = new ShellRun(host, "wc -l < /etc/motd; cat </etc/motd | wc -c; read first < /etc/motd; echo $first");

        Assert.That(run.Output, Is.EqualTo("2\n4\na\n"));
        Assert.That(host.OpenStreams, Is.Zero);
    }

    [Test]
    public void StandardErrorCanBeRedirectedAndDuplicated()
    {
        var host = new FakeShellHost();
        var run = new ShellRun(host,
            "warn one 2> /tmp/err\n" +
            "warn two 2>&1 | cat > /tmp/both\n" +
            "warn three > /tmp/out 2>&1\n" +
            "warn four 2>&1 > /tmp/out2\n" +
            "echo to-stderr >&2\n" +
            "warn five 2>&-");

        Assert.That(host.Files["/tmp/err"], Is.EqualTo("warning: one\n"));
        Assert.That(host.Files["/tmp/both"], Is.EqualTo("warning: two\n"));
        Assert.That(host.Files["/tmp/out"], Is.EqualTo("warning: three\n"));
        Assert.That(host.Files["/tmp/out2"], Is.Empty);
        Assert.That(run.Output, Is.EqualTo("warning: four\n"));
        Assert.That(run.Error, Is.EqualTo("to-stderr\n"));
    }

    [Test]
    public void RedirectionsApplyToCompoundCommands()
    {
        var host = new FakeShellHost();
        var run = new ShellRun(host, "for i in 1 2; do echo $i; done > /tmp/list; if true; then echo in; fi >> /tmp/list; { echo x; } | wc -l");

        Assert.That(host.Files["/tmp/list"], Is.EqualTo("1\n2\nin\n"));
        Assert.That(run.Output, Is.EqualTo("1\n"));
    }

    [Test]
    public void RedirectionTargetsAreExpanded()
    {
        var host = new FakeShellHost();
        new ShellRun(host, "f=/tmp/a; n=1; echo hi > $f.$((n + 1))");

        Assert.That(host.Files["/tmp/a.2"], Is.EqualTo("hi\n"));
    }

    [TestCase("cat < /missing", "/missing: cannot open: No such file or directory")]
    [TestCase("echo x > /readonly/f", "/readonly/f: cannot create: Permission denied")]
    [TestCase("echo x 3> /tmp/f", "file descriptor 3 is not supported")]
    [TestCase("echo x >&7", "7: bad file descriptor")]
    [TestCase("echo x 0> /tmp/f", "0: bad file descriptor")]
    public void FailedRedirectionsSkipTheCommandWithStatusOne(string script, string message)
    {
        var run = new ShellRun(script + "; echo $?");

        Assert.That(run.Error, Does.Contain(message));
        Assert.That(run.Output, Is.EqualTo("1\n"));
        Assert.That(run.Host.Commands, Is.Empty);
    }

    [Test]
    public void UnknownCommandsAreStatus127()
    {
        var run = new ShellRun("nosuchcommand a b; echo $?");

        Assert.That(run.Output, Is.EqualTo("127\n"));
        Assert.That(run.Error, Is.EqualTo("test.sh: line 1: nosuchcommand: not found\n"));
    }

    [Test]
    public void HostExceptionsAreStatus126()
    {
        var run = new ShellRun("boom; echo $?");

        Assert.That(run.Output, Is.EqualTo("126\n"));
        Assert.That(run.Error, Does.Contain("boom: exploded"));
    }

    [Test]
    public void ExternalCommandsGetTheExportedEnvironment()
    {
        var run = new ShellRun("A=1; export A B=2; C=3; D=4 env; export; echo $D.");

        Assert.That(run.Output, Is.EqualTo("A=1\nB=2\nD=4\nexport A=1\nexport B=2\n.\n"));
    }

    [Test]
    public void StatusesAreTruncatedTo8Bits()
    {
        var run = new ShellRun("status 258; echo $?; (exit 300); echo $?");

        Assert.That(run.Output, Is.EqualTo("2\n44\n"));
    }

    [Test]
    public void CdAsksTheHost()
    {
        var run = new ShellRun("cd /tmp; echo $?; cd /nowhere; echo $?; HOME=/; cd; echo $?");

        Assert.That(run.Output, Is.EqualTo("0\n1\n0\n"));
        Assert.That(run.Error, Does.Contain("cd: /nowhere: No such directory"));
        Assert.That(run.Host.CurrentDirectory, Is.EqualTo("/"));
    }

    [Test]
    public void ReadSplitsALineIntoVariables()
    {
        var host = new FakeShellHost();
        host.Input.Write(System.Text.Encoding.UTF8.GetBytes("  alpha beta  gamma delta \nsecond\\\n line\nlast"));
        var run = new ShellRun(host,
            "read a b c; echo \"[$a][$b][$c]\"; read d; echo \"[$d]\"; read e; echo \"$? [$e]\"; read f; echo \"$? [$f]\"");

        Assert.That(run.Output, Is.EqualTo("[alpha][beta][gamma delta]\n[second line]\n1 [last]\n1 []\n"));
    }
}
