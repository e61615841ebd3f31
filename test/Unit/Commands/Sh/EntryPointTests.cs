using System.Text;
using Minix3.Cosmos.Commands.Sh;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Sh;

// Shell.Main (`sh` command lines), the interactive use of Run, and the
// stream helpers the library gives hosts.
public class EntryPointTests
{
    [Test]
    public void DashCRunsTextWithNameAndArguments()
    {
        var host = new FakeShellHost();
        int status = new Shell(host).Main(new[] { "sh", "-c", "echo $0 $# \"$2\"; exit 3", "name", "a", "b c" });

        Assert.That(status, Is.EqualTo(3));
        Assert.That(host.Output.ToString(), Is.EqualTo("name 2 b c\n"));
    }

    [Test]
    public void ScriptFilesGetTheirPathAsDollarZero()
    {
        var host = new FakeShellHost();
        host.Files["/etc/rc"] = "echo $0 $*\n";

        Assert.That(new Shell(host).Main(new[] { "sh", "--", "/etc/rc", "x", "y" }), Is.EqualTo(0));
        Assert.That(host.Output.ToString(), Is.EqualTo("/etc/rc x y\n"));
        Assert.That(host.OpenStreams, Is.Zero);
    }

    [Test]
    public void WithoutAScriptTheScriptIsStandardInput()
    {
        var host = new FakeShellHost();
        host.Input.Write(Encoding.UTF8.GetBytes("echo from stdin $#\n"));

        Assert.That(new Shell(host).Main(new[] { "sh" }), Is.EqualTo(0));
        Assert.That(host.Output.ToString(), Is.EqualTo("from stdin 0\n"));
    }

    [TestCase(new[] { "sh", "/missing" }, 127, "sh: /missing: cannot open: No such file or directory\n")]
    [TestCase(new[] { "sh", "-c" }, 2, "sh: -c requires an argument\n")]
    [TestCase(new[] { "sh", "-x", "f" }, 2, "sh: unsupported option -x\n")]
    public void CommandLineErrors(string[] argv, int status, string message)
    {
        var host = new FakeShellHost();
        var shell = new Shell(host);

        Assert.That(shell.Main(argv), Is.EqualTo(status));
        Assert.That(host.Error.ToString(), Is.EqualTo(message));
        Assert.That(shell.LastStatus, Is.EqualTo(status));
    }

    [Test]
    public void RunKeepsStateBetweenLinesLikeAnInteractiveShell()
    {
        var host = new FakeShellHost();
        var shell = new Shell(host);

        shell.Run("x=1; f() { echo f$x; }");
        shell.Run("x=$((x + 1)); false");
        shell.Run("echo $?; f");
        Assert.That(shell.HasExited, Is.False);
        Assert.That(shell.Run("exit 7"), Is.EqualTo(7));

        Assert.That(host.Output.ToString(), Is.EqualTo("1\nf2\n"));
        Assert.That(shell.HasExited, Is.True);
        Assert.That(shell.GetVariable("x"), Is.EqualTo("2"));
    }

    [Test]
    public void SyntaxErrorsNameTheScript()
    {
        var host = new FakeShellHost();
        host.Files["/etc/rs/backoff.sh"] = "echo a\nif\n";

        Assert.That(new Shell(host).Main(new[] { "sh", "/etc/rs/backoff.sh" }), Is.EqualTo(2));
        Assert.That(host.Error.ToString(), Is.EqualTo("/etc/rs/backoff.sh: line 3: syntax error: expected a command before end of file\n"));
    }

    [TestCase("plain ascii")]
    [TestCase("")]
    [TestCase("grüße, 日本, 𝄞 emoji 🙂")]
    public void Utf8RoundTripsLikeTheBcl(string text)
    {
        Assert.That(Utf8.Encode(text), Is.EqualTo(Encoding.UTF8.GetBytes(text)));
        Assert.That(Utf8.Decode(Encoding.UTF8.GetBytes(text)), Is.EqualTo(text));
    }

    [TestCase(new byte[] { 0xFF, 0x41 }, "\uFFFDA")]
    [TestCase(new byte[] { 0xC3 }, "\uFFFD")]
    [TestCase(new byte[] { 0xC0, 0x80 }, "\uFFFD\uFFFD")]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, "\uFFFD\uFFFD\uFFFD")]
    [TestCase(new byte[] { 0xE2, 0x28, 0xA1 }, "\uFFFD(\uFFFD")]
    public void MalformedUtf8BecomesReplacementCharacters(byte[] bytes, string expected) =>
        Assert.That(Utf8.Decode(bytes), Is.EqualTo(expected));

    [Test]
    public void LoneSurrogatesAreEncodedAsReplacementCharacters() =>
        Assert.That(Utf8.Encode("a\uD800b"), Is.EqualTo(Encoding.UTF8.GetBytes("a\uFFFDb")));

    [Test]
    public void ShellBufferIsAQueueThatCompacts()
    {
        var buffer = new ShellBuffer();
        var chunk = new byte[7];
        for (int round = 0; round < 1000; round++)
        {
            buffer.Write(Encoding.ASCII.GetBytes("abcdefg"));
            Assert.That(buffer.Read(chunk), Is.EqualTo(7));
        }
        buffer.Write(Encoding.ASCII.GetBytes("xyz"));

        Assert.That(buffer.ToString(), Is.EqualTo("xyz"));
        Assert.That(buffer.Read(chunk), Is.EqualTo(3));
        Assert.That(buffer.Read(chunk), Is.Zero);
    }

    [Test]
    public void ShellBufferRefusesWritesBeyondItsLimit()
    {
        var buffer = new ShellBuffer { MaxLength = 4 };
        buffer.Write(new byte[4]);

        Assert.That(() => buffer.Write(new byte[1]), Throws.InvalidOperationException);
        Assert.That(buffer.Length, Is.EqualTo(4));
    }
}
