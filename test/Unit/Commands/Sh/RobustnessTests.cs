using System;
using System.Text;
using Minix3.Cosmos.Commands.Sh;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// The shell must answer every input with a status: thousands of random and
// mutated scripts, none of which may throw, hang or exhaust memory.
public class RobustnessTests
{
    private static readonly string[] Seeds =
    {
        RecoveryScriptTests.Figure3,
        RecoveryScriptTests.BackoffWithMail,
        "i=0; while [ $i -lt 3 ]; do echo $i; i=$((i + 1)); done",
        "for x in \"$@\" a 'b c'; do case $x in a*|b) echo $x;; *) : ;; esac; done",
        "f() { [ $# -gt 0 ] && { shift; f \"$@\"; }; return $#; }; f 1 2 3; echo $?",
        "echo ${x:-def} ${#x} ${x#a} ${x%%b*} \"${y:=v}\" $((x << 2 | 1))",
        "cat < /etc/rc | wc -l > /tmp/o 2>&1; read a b < /tmp/o; echo \"$a$b\" >> /tmp/o",
        "if ! false && true || false; then (exit 3); elif [ -n \"$1\" ]; then :; else echo no; fi",
        "x=1; until [ $x -gt 64 ]; do x=$((x * 2)); done; echo $x; export x; env | cat",
        "set -- a b c; shift 2; echo $1 $# \"$*\"; unset x; echo ${x-unset}",
        "{ echo a; echo b; } | while read l; do echo \"<$l>\"; continue; done",
        "x=5 y=7; echo $(( (x + y) * (x - y) / 3 % 5 ^ ~x && y || !x ? x : y ))",
    };

    private const string Alphabet = "abcxyz019 \t\n\n;;&&||<>>()()(){}{}[]'\"\"\\$$$$$#=!*?-+/%^~:@,.`";

    private static readonly string[] Fragments =
    {
        "if ", "then ", "else ", "elif ", "fi", "while ", "until ", "do ", "done", "for ", " in ", "case ", "esac",
        ";;", "{ ", " }", "( ", " )", "$((", "))", "${", "}", "$", "$1", "$#", "$?", "$@", "\"$@\"", "'", "\"",
        "\\", "|", "&&", "||", "!", ";", "\n", " ", "echo ", "[ ", " ]", "-eq ", "=", "x=", "$x", "f() ", "f ",
        "<", ">", ">>", "2>&1", "<&0", "cat ", "sleep ", "service restart ", "exit ", "shift ", "return ", "break ",
        "continue ", "read ", "export ", "set -- ", "unset ", "cd ", "test ", "#", "1", "0x", "<<", "-", "*", "?",
    };

    [Test]
    public void RandomCharacterSoup() => Fuzz(1, 3000, random => RandomText(random, Alphabet.Length, i => Alphabet[i].ToString()));

    [Test]
    public void RandomTokenSoup() => Fuzz(2, 3000, random => RandomText(random, Fragments.Length, i => Fragments[i]));

    [Test]
    public void MutatedScripts() => Fuzz(3, 4000, Mutate);

    private static string RandomText(Random random, int choices, Func<int, string> pick)
    {
        var text = new StringBuilder();
        int length = random.Next(1, 60);
        for (int i = 0; i < length; i++)
            text.Append(pick(random.Next(choices)));
        return text.ToString();
    }

    // Deletes, duplicates, swaps and splices spans of the seed scripts.
    private static string Mutate(Random random)
    {
        var text = new StringBuilder(Seeds[random.Next(Seeds.Length)]);
        int mutations = random.Next(1, 6);
        for (int m = 0; m < mutations && text.Length > 0; m++)
        {
            int at = random.Next(text.Length);
            int span = Math.Min(random.Next(1, 12), text.Length - at);
            switch (random.Next(5))
            {
                case 0:
                    text.Remove(at, span);
                    break;
                case 1:
                    text.Insert(at, text.ToString(at, span));
                    break;
                case 2:
                    text[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3:
                    text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                default:
                    string other = Seeds[random.Next(Seeds.Length)];
                    int from = random.Next(other.Length);
                    text.Insert(at, other.Substring(from, Math.Min(span * 3, other.Length - from)));
                    break;
            }
        }
        return text.ToString();
    }

    private static void Fuzz(int seed, int count, Func<Random, string> generate)
    {
        var random = new Random(seed);
        var statuses = new int[256];
        for (int i = 0; i < count; i++)
        {
            string script = generate(random);
            var host = new FakeShellHost();
            host.Files["/etc/rc"] = "line\n";
            host.Input.Write(Encoding.UTF8.GetBytes("input line\nmore\n"));
            var shell = new Shell(host) { CommandLimit = 2000 };
            int status;
            try
            {
                status = i % 2 == 0
                    ? shell.RunScript(script, "fuzz", new[] { "printer", "3", "2" })
                    : shell.Main(new[] { "sh", "-c", script, "fuzz", "a b", "" });
                // The same shell must stay usable after whatever happened.
                Assert.That(shell.Run("echo alive"), Is.EqualTo(0), "shell unusable after: " + script);
            }
            catch (Exception e)
            {
                Assert.Fail($"script {i} threw {e.GetType().Name}: {e.Message}\n---\n{script}\n---");
                return;
            }
            Assert.That(status, Is.InRange(0, 255), script);
            Assert.That(host.Error.ToString(), Does.Not.Contain("internal error"), script);
            statuses[status]++;
        }
        // The generators must reach both outcomes, or they test little.
        TestContext.Out.WriteLine($"status 0: {statuses[0]}, 1: {statuses[1]}, 2: {statuses[2]}, 127: {statuses[127]} of {count}");
        Assert.That(statuses[0], Is.GreaterThan(count / 200), "successful runs");
        Assert.That(statuses[2], Is.GreaterThan(count / 200), "syntax errors");
    }

    [Test]
    public void ExpansionGrowthIsBounded()
    {
        var host = new FakeShellHost();
        var shell = new Shell(host);

        int status = shell.Run("x=ab; while :; do x=$x$x; done");

        Assert.That(status, Is.EqualTo(2));
        Assert.That(host.Error.ToString(), Does.Contain("expansion longer than 65536 characters"));
    }

    [Test]
    public void PipeBuffersAreBounded()
    {
        var host = new FakeShellHost();
        var shell = new Shell(host);

        int status = shell.Run("i=0; while [ $i -lt 100000 ]; do echo 0123456789 || break; i=$((i+1)); done | wc -l; echo $?");

        Assert.That(host.Error.ToString(), Does.Contain("pipe buffer is full"));
        Assert.That(status, Is.EqualTo(0));
        Assert.That(host.Output.ToString(), Is.EqualTo("23831\n0\n"));
    }

    [Test]
    public void BinaryGarbageScriptsAreHandled()
    {
        var random = new Random(4);
        for (int i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 200)];
            random.NextBytes(bytes);
            var host = new FakeShellHost();
            host.Files["/bin/garbage"] = Utf8.Decode(bytes);
            var shell = new Shell(host) { CommandLimit = 1000 };

            Assert.That(shell.Main(new[] { "sh", "/bin/garbage" }), Is.InRange(0, 255));
        }
    }
}
