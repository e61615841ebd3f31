using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// Malformed scripts: a message with the line, status 2, and nothing run.
public class SyntaxErrorTests
{
    [TestCase("if true; then echo x", 1, "expected 'fi' to close 'if' on line 1, found end of file")]
    [TestCase("echo a\nfi", 2, "unexpected 'fi'")]
    [TestCase("echo a\n\nif then fi", 3, "expected a command before 'then'")]
    [TestCase("while true; done", 1, "unexpected 'done'")]
    [TestCase("echo 'abc\n\n", 1, "unterminated single quote")]
    [TestCase("echo ok\necho \"abc", 2, "unterminated double quote")]
    [TestCase("echo ${x", 1, "unterminated ${...}")]
    [TestCase("echo ${x!y}", 1, "bad substitution")]
    [TestCase("echo ${}", 1, "bad substitution")]
    [TestCase("echo $((1 + 2", 1, "unterminated $((...))")]
    [TestCase("echo $((1 + 2) )", 1, "unbalanced parentheses in $((...))")]
    [TestCase("echo a |", 1, "unexpected end of file")]
    [TestCase("| echo a", 1, "unexpected '|'")]
    [TestCase("echo a &&\n\n;", 3, "unexpected ';'")]
    [TestCase("echo a;;", 1, "unexpected ';;'")]
    [TestCase("echo >", 1, "expected a file name after '>', found end of file")]
    [TestCase("echo a > ;", 1, "expected a file name after '>', found ';'")]
    [TestCase("for 1x in a; do :; done", 1, "expected a variable name after 'for', found '1x'")]
    [TestCase("for x in a b do echo; done", 1, "expected 'do' to close 'for' on line 1, found 'done'")]
    [TestCase("case x in a) echo a; esac; case y\nin b) echo b esac", 2, "expected ';;' or 'esac' to close 'case' on line 1, found end of file")]
    [TestCase("{ echo a }", 1, "expected '}' to close '{' on line 1, found end of file")]
    [TestCase("( echo a", 1, "expected ')' to close '(' on line 1, found end of file")]
    [TestCase("f() echo", 1, "expected a compound command as the body of function 'f', found 'echo'")]
    [TestCase("cat << EOF\nx\nEOF", 1, "here-documents (<<) are not supported")]
    [TestCase("echo $(date)", 1, "command substitution $(...) is not supported")]
    [TestCase("echo `date`", 1, "command substitution `...` is not supported")]
    [TestCase("echo 12>x", 1, "file descriptor 12 is out of range")]
    [TestCase("echo )", 1, "unexpected ')'")]
    [TestCase("then", 1, "unexpected 'then'")]
    public void ReportsLineAndMessage(string script, int line, string message)
    {
        var run = new ShellRun(script);

        Assert.That(run.Status, Is.EqualTo(2));
        Assert.That(run.Shell.LastStatus, Is.EqualTo(2));
        Assert.That(run.Error, Is.EqualTo($"test.sh: line {line}: syntax error: {message}\n"));
        Assert.That(run.Output, Is.Empty, "nothing of a script that does not parse runs");
    }

    [Test]
    public void LineNumbersCountContinuationsAndQuotedNewlines()
    {
        var run = new ShellRun("echo 'a\nb' \\\n c\necho \"x\ny\"\nfi");

        Assert.That(run.Error, Is.EqualTo("test.sh: line 6: syntax error: unexpected 'fi'\n"));
    }

    [Test]
    public void TheShellStaysUsableAfterASyntaxError()
    {
        var run = new ShellRun("if");
        Assert.That(run.Status, Is.EqualTo(2));

        Assert.That(run.Shell.Run("echo $?; echo fine"), Is.EqualTo(0));
        Assert.That(run.Output, Is.EqualTo("2\nfine\n"));
    }

    [TestCase("echo $((1 / 0)); echo no", "division by zero")]
    [TestCase("x=0; echo $((5 % x)); echo no", "division by zero")]
    [TestCase("echo $((1 +)); echo no", "expression expected at the end")]
    [TestCase("echo $((1 2)); echo no", "unexpected '2'")]
    [TestCase("echo $((09)); echo no", "invalid number '09'")]
    [TestCase("x=abc; echo $((x + 1)); echo no", "x: not a number: 'abc'")]
    [TestCase("echo $((1 @ 2)); echo no", "unexpected character '@'")]
    [TestCase("echo $((1 ? 2)); echo no", "expected ':' in ?: expression")]
    [TestCase("echo ${u?must be set}; echo no", "u: must be set")]
    [TestCase("echo ${1=x}; echo no", "cannot assign in this way")]
    public void ExpansionErrorsEndTheScriptWithStatusTwo(string script, string message)
    {
        var run = new ShellRun(script);

        Assert.That(run.Status, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("test.sh: line 1: "));
        Assert.That(run.Error, Does.Contain(message));
        Assert.That(run.Output, Is.Empty);
    }

    [Test]
    public void ExpansionErrorInASubshellEndsOnlyTheSubshell()
    {
        var run = new ShellRun("(echo $((1/0))); echo $?");

        Assert.That(run.Output, Is.EqualTo("2\n"));
        Assert.That(run.Error, Does.Contain("division by zero"));
    }

    [Test]
    public void ExitStopsTheScript()
    {
        var run = new ShellRun("echo a; exit 5; echo b");

        Assert.That(run.Status, Is.EqualTo(5));
        Assert.That(run.Output, Is.EqualTo("a\n"));
        Assert.That(run.Shell.HasExited, Is.True);
    }

    [Test]
    public void ExitWithoutArgumentUsesTheLastStatus()
    {
        Assert.That(new ShellRun("status 9; exit").Status, Is.EqualTo(9));
        Assert.That(new ShellRun("exit abc").Status, Is.EqualTo(2));
    }

    [TestCase("shift 3", 1, "shift: can't shift that many")]
    [TestCase("return", 1, "return: not in a function")]
    [TestCase("break x", 2, "break: illegal count: x")]
    [TestCase("set -e", 2, "set: unsupported option -e")]
    [TestCase("export 1a=2", 1, "export: bad variable name: 1a")]
    [TestCase("read 1a", 2, "read: bad variable name: 1a")]
    public void BuiltinErrors(string script, int status, string message)
    {
        var run = new ShellRun(script + "\necho $?", "one");

        Assert.That(run.Output, Is.EqualTo(status + "\n"));
        Assert.That(run.Error, Is.EqualTo("test.sh: line 1: " + message + "\n"));
    }

    [Test]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        string deepIf = string.Concat(System.Linq.Enumerable.Repeat("if true; then ", 200)) + "echo x" +
                        string.Concat(System.Linq.Enumerable.Repeat("; fi", 200));
        string deepParens = "echo $((" + new string('(', 5000) + "1" + new string(')', 5000) + "))";
        string deepBraces = string.Concat(System.Linq.Enumerable.Repeat("${x:-", 500)) + new string('}', 500);
        string deepTest = "[ " + string.Concat(System.Linq.Enumerable.Repeat("'(' ", 5000)) + "]";

        Assert.That(new ShellRun(deepIf).Error, Does.Contain("nested too deeply"));
        Assert.That(new ShellRun(deepParens).Error, Does.Contain("nested too deeply"));
        Assert.That(new ShellRun("echo " + deepBraces).Error, Does.Contain("nested too deeply"));
        Assert.That(new ShellRun(deepTest).Status, Is.EqualTo(2));
    }

    [Test]
    public void RunawayRecursionHitsTheDepthLimit()
    {
        var run = new ShellRun("f() { f; }; f; echo not reached");

        Assert.That(run.Status, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("nested too deeply"));
    }

    [Test]
    public void TheCommandLimitStopsEndlessLoops()
    {
        var host = new FakeShellHost();
        var shell = new Minix3.Cosmos.Commands.Sh.Shell(host) { CommandLimit = 1000 };

        Assert.That(shell.Run("while :; do :; done"), Is.EqualTo(2));
        Assert.That(host.Error.ToString(), Does.Contain("command limit exceeded"));
        Assert.That(shell.Run("(while true; do :; done) | cat; echo after"), Is.EqualTo(2), "the limit is not contained by subshells");
    }
}
