using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// Variables, parameters, quoting, arithmetic and control flow, each checked
// against what a POSIX sh prints for the same script.
public class LanguageTests
{
    private static string Out(string script, params string[] args)
    {
        var run = new ShellRun(script, args);
        Assert.That(run.Error, Is.Empty, "stderr of: " + script);
        return run.Output;
    }

    [TestCase("echo hello world", "hello world\n")]
    [TestCase("echo -n a b", "a b")]
    [TestCase("echo", "\n")]
    [TestCase("x=1; echo $x ${x} \"$x\"", "1 1 1\n")]
    [TestCase("x=a y=b; echo $x$y ${x}_$y", "ab a_b\n")]
    [TestCase("echo $undefined.", ".\n")]
    [TestCase("x=5 ; x=$x$x; echo $x", "55\n")]
    [TestCase("echo $", "$\n")]
    [TestCase("echo a$ b$.", "a$ b$.\n")]
    public void Variables(string script, string expected) => Assert.That(Out(script), Is.EqualTo(expected));

    [TestCase("echo $0 $1 $2 $#", "test.sh a b 3\n")]
    [TestCase("echo \"$@\"", "a b c d\n")]
    [TestCase("for x in \"$@\"; do echo \"<$x>\"; done", "<a>\n<b>\n<c d>\n")]
    [TestCase("for x in $@; do echo \"<$x>\"; done", "<a>\n<b>\n<c>\n<d>\n")]
    [TestCase("for x in \"$*\"; do echo \"<$x>\"; done", "<a b c d>\n")]
    [TestCase("for x; do echo \"<$x>\"; done", "<a>\n<b>\n<c d>\n")]
    [TestCase("shift; echo $1 $#", "b 2\n")]
    [TestCase("shift 2; echo \"$1\" $#", "c d 1\n")]
    [TestCase("set -- x y; echo $1 $2 $#", "x y 2\n")]
    [TestCase("echo ${3}x $4.", "c dx .\n")]
    [TestCase("echo \"pre$@post\"", "prea b c dpost\n")]
    public void PositionalParameters(string script, string expected) =>
        Assert.That(Out(script, "a", "b", "c d"), Is.EqualTo(expected));

    [Test]
    public void EmptyQuotedAtExpandsToNothing() =>
        Assert.That(Out("for x in \"$@\"; do echo x; done; echo $# \"$@\"."), Is.EqualTo("0 .\n"));

    [Test]
    public void ProcessIdAndStatus() =>
        Assert.That(Out("echo $$; false; echo $?; true; echo $?; status 7; echo $?"), Is.EqualTo("4711\n1\n0\n7\n"));

    [TestCase("echo 'a  b' \"c  d\" e\\ \\ f", "a  b c  d e  f\n")]
    [TestCase("x='1  2'; echo $x; echo \"$x\"", "1 2\n1  2\n")]
    [TestCase("echo '$x' \"\\$x\" \\$x", "$x $x $x\n")]
    [TestCase("echo \"a\\b\" 'a\\b' a\\\\b", "a\\b a\\b a\\b\n")]
    [TestCase("echo \"it's\" 'say \"hi\"'", "it's say \"hi\"\n")]
    [TestCase("echo a'b'\"c\"d", "abcd\n")]
    [TestCase("echo '' \"\" x", "  x\n")]
    [TestCase("x=''; for a in $x; do echo no; done; for a in \"$x\"; do echo \"[$a]\"; done", "[]\n")]
    [TestCase("echo \"a\nb\"", "a\nb\n")]
    [TestCase("echo a\\\nb", "ab\n")]
    [TestCase("echo \"#\" a#b # comment", "# a#b\n")]
    [TestCase("echo \\# \\; \\| \\&", "# ; | &\n")]
    [TestCase("\"echo\" quoted name", "quoted name\n")]
    [TestCase("x='*'; echo $x \"$x\" *", "* * *\n")]
    public void Quoting(string script, string expected) => Assert.That(Out(script), Is.EqualTo(expected));

    [TestCase("IFS=:; x=a:b::c; for f in $x; do echo \"[$f]\"; done", "[a]\n[b]\n[]\n[c]\n")]
    [TestCase("x=' a  b '; for f in $x; do echo \"[$f]\"; done", "[a]\n[b]\n")]
    [TestCase("IFS=; x='a b'; for f in $x; do echo \"[$f]\"; done", "[a b]\n")]
    public void FieldSplitting(string script, string expected) => Assert.That(Out(script), Is.EqualTo(expected));

    [TestCase("echo ${u-def} ${u:-def} ${e-def}. ${e:-def}", "def def . def\n")]
    [TestCase("echo ${u=set}; echo $u", "set\nset\n")]
    [TestCase("echo ${x+alt} ${u+alt}. ${e:+alt}.", "alt . .\n")]
    [TestCase("echo ${#x} ${#u} ${#}", "5 0 0\n")]
    [TestCase("p=/usr/lib/libc.a; echo ${p#*/} ${p##*/} ${p%/*} ${p%%.*}", "usr/lib/libc.a libc.a /usr/lib /usr/lib/libc\n")]
    [TestCase("echo ${x:-\"a  b\"} \"${u:-a  b}\"", "hello a  b\n")]
    [TestCase("echo \"${u:-$x world}\"", "hello world\n")]
    [TestCase("v=abc; echo ${v%\"c\"} ${v#[ab]}", "ab bc\n")]
    public void ParameterOperators(string script, string expected) =>
        Assert.That(Out("x=hello; e=; " + script), Is.EqualTo(expected));

    [TestCase("$((1 + 2 * 3))", "7")]
    [TestCase("$(( (1 + 2) * 3 ))", "9")]
    [TestCase("$((1 << 10)) $((1024 >> 3)) $((-16 >> 2))", "1024 128 -4")]
    [TestCase("$((7 / 2)) $((-7 / 2)) $((7 % 3)) $((-7 % 3))", "3 -3 1 -1")]
    [TestCase("$((6 & 3)) $((6 | 3)) $((6 ^ 3)) $((~0))", "2 7 5 -1")]
    [TestCase("$((1 < 2)) $((2 <= 1)) $((3 > 2)) $((3 >= 4)) $((1 == 1)) $((1 != 1))", "1 0 1 0 1 0")]
    [TestCase("$((!0)) $((!5)) $((-(3))) $((+4)) $((- -4))", "1 0 -3 4 4")]
    [TestCase("$((1 && 0)) $((0 || 2)) $((1 ? 10 : 20)) $((0 ? 10 : 20))", "0 1 10 20")]
    [TestCase("$((x + 1)) $(($x * 2)) $((x*y)) $((${x} - y))", "6 10 15 2")]
    [TestCase("$((0x1F + 010 + 9))", "48")]
    [TestCase("$((9223372036854775807 + 1))", "-9223372036854775808")]
    [TestCase("$((-9223372036854775807 - 1)) $(((-9223372036854775807 - 1) / -1))", "-9223372036854775808 -9223372036854775808")]
    [TestCase("$((1 << 62)) $((1 << 63)) $((1 << 64))", "4611686018427387904 -9223372036854775808 1")]
    [TestCase("$((0 && 1 / 0)) $((1 || 1 / 0)) $((1 ? 2 : 1 / 0))", "0 1 2")]
    [TestCase("$((z = 4 + 1)) $z $((z += 2)) $((z <<= 1)) $z", "5 5 7 14 14")]
    [TestCase("$((u + 1)) $((e * 2))", "1 0")]
    [TestCase("$(( ))", "0")]
    [TestCase("\"$((2+3))\"", "5")]
    public void Arithmetic(string expression, string expected) =>
        Assert.That(Out("x=5 y=3 e=; echo " + expression), Is.EqualTo(expected + "\n"));

    [TestCase("if true; then echo yes; fi", "yes\n")]
    [TestCase("if false; then echo yes; else echo no; fi", "no\n")]
    [TestCase("if false; then echo 1; elif true; then echo 2; else echo 3; fi", "2\n")]
    [TestCase("if false; then echo 1; fi; echo $?", "0\n")]
    [TestCase("true && echo a; false && echo b; false || echo c; true || echo d", "a\nc\n")]
    [TestCase("false || false && echo x; true && false || echo y", "y\n")]
    [TestCase("! true; echo $?; ! false; echo $?", "1\n0\n")]
    [TestCase("i=0; while [ $i -lt 3 ]; do echo $i; i=$((i + 1)); done", "0\n1\n2\n")]
    [TestCase("i=0; until [ $i -ge 2 ]; do i=$((i+1)); echo $i; done", "1\n2\n")]
    [TestCase("for i in 1 2 3 4; do if [ $i = 3 ]; then break; fi; echo $i; done", "1\n2\n")]
    [TestCase("for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done", "1\n3\n")]
    [TestCase("for i in a b; do for j in 1 2; do [ $j = 2 ] && continue 2; echo $i$j; done; done", "a1\nb1\n")]
    [TestCase("for i in a b; do for j in 1 2; do break 2; done; done; echo $i$j", "a1\n")]
    [TestCase("for i in; do echo no; done; echo done", "done\n")]
    [TestCase("{ echo a; echo b; }", "a\nb\n")]
    [TestCase("x=1; (x=2; echo $x); echo $x", "2\n1\n")]
    [TestCase("(exit 3); echo $?", "3\n")]
    [TestCase("case abc in a*c) echo match;; *) echo no;; esac", "match\n")]
    [TestCase("case x in (a|x) echo ax;; esac", "ax\n")]
    [TestCase("case '*' in \\*) echo star;; esac", "star\n")]
    [TestCase("p='*'; case abc in \"$p\") echo literal;; $p) echo glob;; esac", "glob\n")]
    [TestCase("case b in [a-c]) echo range;; esac; case d in [!a-c]) echo not;; esac", "range\nnot\n")]
    [TestCase("case x in\n  y) echo y ;;\n  x)\n    echo x\n    ;;\nesac", "x\n")]
    [TestCase("case q in a) echo a;; esac; echo $?", "0\n")]
    public void ControlFlow(string script, string expected) => Assert.That(Out(script), Is.EqualTo(expected));

    [TestCase("f() { echo \"f:$1:$#\"; }; f a b; echo $1", "f:a:2\nouter\n")]
    [TestCase("f() { return 3; echo no; }; f; echo $?", "3\n")]
    [TestCase("f() { x=inner; }; f; echo $x", "inner\n")]
    [TestCase("f() {\n  for i in 1 2 3; do\n    [ $i = 2 ] && return $i\n  done\n}\nf; echo $?", "2\n")]
    [TestCase("fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * 1 )); fi; }; fact 5", "5\n")]
    [TestCase("x=old; x=new true; echo $x; f2() { echo $x; }; x=tmp f2; echo $x", "old\ntmp\nold\n")]
    public void Functions(string script, string expected) => Assert.That(Out(script, "outer"), Is.EqualTo(expected));

    [TestCase("[ a = a ]", 0)]
    [TestCase("[ a = b ]", 1)]
    [TestCase("[ a != b ]", 0)]
    [TestCase("[ -z '' ]", 0)]
    [TestCase("[ -n '' ]", 1)]
    [TestCase("[ -n x ]", 0)]
    [TestCase("[ x ]", 0)]
    [TestCase("[ '' ]", 1)]
    [TestCase("[ ]", 1)]
    [TestCase("[ ! '' ]", 0)]
    [TestCase("[ 3 -eq 3 ]", 0)]
    [TestCase("[ -3 -lt 2 ]", 0)]
    [TestCase("[ 10 -gt 9 ]", 0)]
    [TestCase("[ 10 -le 9 ]", 1)]
    [TestCase("[ 5 -ge 5 ]", 0)]
    [TestCase("[ 5 -ne 5 ]", 1)]
    [TestCase("[ ' 7 ' -eq 7 ]", 0)]
    [TestCase("[ -n = -n ]", 0)]
    [TestCase("[ ! -n = -n ]", 1)]
    [TestCase("[ '(' a = a ')' ]", 0)]
    [TestCase("[ a = a -a b = c ]", 1)]
    [TestCase("[ a = a -o b = c ]", 0)]
    [TestCase("[ ! a = b -a \\( 1 -eq 1 \\) ]", 0)]
    [TestCase("test 1 -eq 1", 0)]
    [TestCase("test", 1)]
    [TestCase("[ -f /etc/rc ]", 0)]
    [TestCase("[ -d /etc/rc ]", 1)]
    [TestCase("[ -d /tmp ]", 0)]
    [TestCase("[ -e /nowhere ]", 1)]
    public void Test(string script, int status)
    {
        var host = new FakeShellHost();
        host.Files["/etc/rc"] = "";
        var run = new ShellRun(host, script);
        Assert.That(run.Status, Is.EqualTo(status), run.Error);
        Assert.That(run.Error, Is.Empty);
    }

    [TestCase("[ a -eq 1 ]", "integer expression expected")]
    [TestCase("[ 1 -eq ]", "unary operator expected")]
    [TestCase("[ a b ]", "unary operator expected")]
    [TestCase("[ a = a", "missing ']'")]
    [TestCase("[ 99999999999999999999 -eq 1 ]", "integer expression expected")]
    [TestCase("[ a b c d e ]", "unexpected argument")]
    [TestCase("[ '(' a = a ]", "')' expected")]
    public void TestErrorsAreStatusTwo(string script, string message)
    {
        var run = new ShellRun(script);
        Assert.That(run.Status, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain(message));
    }
}
