using Minix3.Cosmos.Commands.Sh;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// The recovery scripts the reincarnation server runs: Figure 3 of "Roadmap to
// a failure-resilient operating system", byte for byte as printed, and a
// variant that mails the administrator instead of restarting forever.
public class RecoveryScriptTests
{
    // Figure 3, as printed (including its comment alignment).
    internal const string Figure3 =
        "component=$1          # args from reinc. server\n" +
        "reason=$2             # dynamic update = 6\n" +
        "repetition=$3        # current failure count\n" +
        "\n" +
        "if [ ! $reason -eq 6 ]\n" +
        "then\n" +
        "    sleep $((1 << ($repetition - 1)))\n" +
        "fi\n" +
        "service restart $component\n";

    // Binary exponential backoff: the n-th failure waits 2^(n-1) seconds.
    [TestCase("1", "1")]
    [TestCase("2", "2")]
    [TestCase("3", "4")]
    [TestCase("4", "8")]
    [TestCase("11", "1024")]
    public void Figure3BacksOffExponentially(string repetition, string seconds)
    {
        var run = new ShellRun(Figure3, "printer", "3", repetition);

        Assert.That(run.Status, Is.EqualTo(0), run.Error);
        Assert.That(run.Host.Commands, Is.EqualTo(new[] { "sleep " + seconds, "service restart printer" }));
        Assert.That(run.Error, Is.Empty);
    }

    [Test]
    public void Figure3RestartsADynamicUpdateAtOnce()
    {
        var run = new ShellRun(Figure3, "eth0", "6", "5");

        Assert.That(run.Status, Is.EqualTo(0));
        Assert.That(run.Host.Commands, Is.EqualTo(new[] { "service restart eth0" }));
    }

    [Test]
    public void Figure3ReturnsTheStatusOfTheRestart()
    {
        var host = new FakeShellHost { ServiceStatus = 3 };
        var run = new ShellRun(host, Figure3, "printer", "1", "2");

        Assert.That(run.Status, Is.EqualTo(3));
        Assert.That(run.Shell.LastStatus, Is.EqualTo(3));
    }

    [Test]
    public void Figure3RunsAsAScriptFileWithArguments()
    {
        var host = new FakeShellHost();
        host.Files["/etc/rs.restart"] = Figure3;
        var shell = new Shell(host);

        int status = shell.Main(new[] { "sh", "/etc/rs.restart", "printer", "2", "3" });

        Assert.That(status, Is.EqualTo(0), host.Error.ToString());
        Assert.That(host.Commands, Is.EqualTo(new[] { "sleep 4", "service restart printer" }));
        Assert.That(shell.GetVariable("component"), Is.EqualTo("printer"));
        Assert.That(shell.GetVariable("repetition"), Is.EqualTo("3"));
    }

    [Test]
    public void Figure3WithCrlfLineEndsIsStillHandledWithoutCrashing()
    {
        var run = new ShellRun(Figure3.Replace("\n", "\r\n"), "printer", "1", "1");

        // As in every sh, a carriage return is an ordinary character: "then\r"
        // is not "then", so this is a syntax error, reported, not a crash.
        Assert.That(run.Status, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("syntax error"));
        Assert.That(run.Host.Commands, Is.Empty);
    }

    // A policy in the same spirit with a mail branch: after too many
    // failures the administrator is told and the component stays down.
    internal const string BackoffWithMail =
        "component=$1\n" +
        "reason=$2\n" +
        "repetition=$3\n" +
        "limit=${RS_LIMIT:-5}\n" +
        "\n" +
        "if [ $repetition -gt $limit ]\n" +
        "then\n" +
        "    echo \"$component failed $repetition times (reason $reason), not restarted\" |\n" +
        "        mail -s \"$component is down\" root\n" +
        "    exit 1\n" +
        "elif [ ! $reason -eq 6 ]\n" +
        "then\n" +
        "    sleep $((1 << ($repetition - 1)))\n" +
        "fi\n" +
        "service restart $component\n";

    [Test]
    public void MailBranchTellsTheAdministratorAndGivesUp()
    {
        var run = new ShellRun(BackoffWithMail, "printer", "3", "6");

        Assert.That(run.Status, Is.EqualTo(1), run.Error);
        Assert.That(run.Host.Commands, Is.EqualTo(new[] { "mail -s printer is down root" }));
        Assert.That(run.Host.Mails, Is.EqualTo(new[] { "root|printer is down|printer failed 6 times (reason 3), not restarted\n" }));
    }

    [Test]
    public void MailBranchIsNotTakenBelowTheLimit()
    {
        var run = new ShellRun(BackoffWithMail, "printer", "3", "5");

        Assert.That(run.Status, Is.EqualTo(0), run.Error);
        Assert.That(run.Host.Commands, Is.EqualTo(new[] { "sleep 16", "service restart printer" }));
        Assert.That(run.Host.Mails, Is.Empty);
    }

    [Test]
    public void MailLimitComesFromTheEnvironmentWhenSet()
    {
        var host = new FakeShellHost();
        var shell = new Shell(host);
        shell.SetVariable("RS_LIMIT", "2", export: true);

        int status = shell.RunScript(BackoffWithMail, "rs.restart", new[] { "disk", "1", "3" });

        Assert.That(status, Is.EqualTo(1));
        Assert.That(host.Mails, Has.Count.EqualTo(1));
        Assert.That(host.Mails[0], Does.StartWith("root|disk is down|disk failed 3 times"));
    }
}
