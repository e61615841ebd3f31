using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The everyday commands a script needs (wc head tail grep sort uniq tee tr
// cut env date uname yes dd od more) and the editor, on the whole system,
// in one boot. The host puts data files on a copy of the root disk; sh on
// the serial terminal runs each command, and its output is checked against
// the host's own tools where they exist (grep, sort, uniq, od) or against
// what the data must give. The editor changes /etc/rc and writes a new
// file through the serial terminal (keys as a terminal emulator sends
// them) and another on the VGA console (keys through the PS/2 keyboard,
// the screen read from video memory); after shutdown the host reads the
// files back with mtools.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class ToolTests
{
    private static readonly string[] Words =
        { "pear", "apple", "Apple", "fig", "apple", "cat", "cats", "dog", "dogs", "catdog", "foo", "fooo", "f", "banana", "pear" };
    private static readonly string[] Numbers = { "10", "9", "-3", "2.5", "100", "0", "abc", "7" };
    private static readonly string Lines = string.Concat(Enumerable.Range(1, 100).Select(i => $"line {i}\n"));

    [Test]
    public void TheCommandsAndTheEditorWork()
    {
        using var scratch = new GuestScratch("tools");
        var image = new HostFatImage(scratch.Disk);
        byte[] bytes = TestBytes.Random(1000, seed: 0xD0D);
        image.MakeDirectory("/data");
        image.Put("/data/lines.txt", Encoding.ASCII.GetBytes(Lines));
        image.Put("/data/words.txt", Encoding.ASCII.GetBytes(string.Join("\n", Words) + "\n"));
        image.Put("/data/numbers.txt", Encoding.ASCII.GetBytes(string.Join("\n", Numbers) + "\n"));
        image.Put("/data/table.csv", Encoding.ASCII.GetBytes("name,age,city\nann,31,oslo\nbob,27,rome\n"));
        image.Put("/data/small.txt", Encoding.ASCII.GetBytes("hi\tthere\n\u0001\u007f"));
        image.Put("/data/bytes.bin", bytes);
        var host = new HostFiles(scratch.Directory);

        Task<string> talk = Task.Run(() => Talk(scratch, host, DateTime.UtcNow.AddSeconds(220)));
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 240, disk: scratch.Disk, com2Socket: scratch.Com2,
            monitorSocket: scratch.Monitor, serialLog: scratch.Log);
        string transcript = talk.Result;
        Assert.That(run.SerialLog, Does.Not.Contain("panic"));
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered the machine off; the conversation:\n" + transcript);

        string rc = Encoding.ASCII.GetString(image.Get("/etc/rc")!);
        Assert.That(rc, Does.StartWith("# /etc/rc: run by init"), "the rest of /etc/rc is kept");
        Assert.That(rc, Does.EndWith("\necho rc edited by the test\n"));
        Assert.That(image.Get("/tmp/new.txt"), Is.EqualTo(Encoding.ASCII.GetBytes(">first line\nseconxd\n")), "saved once; the later unsaved change is not there");
        Assert.That(image.Get("/tmp/new.txt.edit-save"), Is.Null, "the save's new file was renamed over the old");
        Assert.That(image.Get("/tmp/console.txt"), Is.EqualTo(Encoding.ASCII.GetBytes("xtyped on the console\nline two\n")));
        Assert.That(image.Get("/tmp/t1"), Is.EqualTo(Encoding.ASCII.GetBytes("teed\n")));
        Assert.That(image.Get("/tmp/part"), Is.EqualTo(bytes[200..500]), "dd skip=2 count=3 bs=100");
        var (code, report) = image.Check();
        Assert.That(code, Is.EqualTo(0), report);
    }

    private static string Talk(GuestScratch scratch, HostFiles host, DateTime deadline)
    {
        using SerialShell sh = SerialShell.Open(scratch.Com2, deadline);
        Filters(sh, host);
        Others(sh);
        More(sh);
        SerialEditor(sh);
        ConsoleEditor(scratch, deadline);
        sh.Shutdown();
        return sh.Transcript;
    }

    // What came back after the command's echo.
    private static string Output(SerialShell sh, string command)
    {
        string answer = sh.Run(command);
        return answer.Substring(answer.IndexOf('\n') + 1);
    }

    private static void Filters(SerialShell sh, HostFiles host)
    {
        Assert.That(Output(sh, "wc /data/lines.txt"), Is.EqualTo($"100 200 {Lines.Length} /data/lines.txt\n"));
        Assert.That(Output(sh, "cat /data/lines.txt | wc -l"), Is.EqualTo("100\n"));
        Assert.That(Output(sh, "head -n 3 /data/lines.txt"), Is.EqualTo("line 1\nline 2\nline 3\n"));
        Assert.That(Output(sh, "head -c 6 /data/lines.txt; echo"), Is.EqualTo("line 1\n"));
        Assert.That(Output(sh, "tail -n 2 /data/lines.txt"), Is.EqualTo("line 99\nline 100\n"));
        Assert.That(Output(sh, "tail -n +99 /data/lines.txt"), Is.EqualTo("line 99\nline 100\n"));
        Assert.That(Output(sh, "cat /data/lines.txt | tail -c 9"), Is.EqualTo("line 100\n"));

        foreach (string grep in new[] { "-n 'ap*le'", "-c -i apple", "-E '^(cat|dog)s?$'", "-v a", "-n -E 'fo{2,}'" })
            Assert.That(Output(sh, "grep " + grep + " /data/words.txt"), Is.EqualTo(host.Shell(Words, "grep " + grep)), "grep " + grep);
        Assert.That(Output(sh, "grep -q zebra /data/words.txt; echo status=$?"), Is.EqualTo("status=1\n"));
        string bad = Output(sh, "grep 'a\\(b' /data/words.txt; echo status=$?");
        Assert.That(bad, Does.Contain("grep: 'a\\(b': unmatched \\("));
        Assert.That(bad, Does.EndWith("status=2\n"));

        Assert.That(Output(sh, "sort /data/words.txt | uniq -c"), Is.EqualTo(host.Shell(Words, "sort | uniq -c")));
        Assert.That(Output(sh, "sort -u /data/words.txt"), Is.EqualTo(host.Shell(Words, "sort -u")));
        Assert.That(Output(sh, "sort /data/words.txt | uniq -d"), Is.EqualTo(host.Shell(Words, "sort | uniq -d")));
        Assert.That(Output(sh, "sort -n /data/numbers.txt"), Is.EqualTo(host.Shell(Numbers, "sort -n")));
        Assert.That(Output(sh, "sort -rn /data/numbers.txt"), Is.EqualTo(host.Shell(Numbers, "sort -rn")));

        Assert.That(Output(sh, "echo teed | tee /tmp/t1 /tmp/t2; cat /tmp/t1 /tmp/t2"), Is.EqualTo("teed\nteed\nteed\n"));
        Assert.That(Output(sh, "echo Hello World | tr a-z A-Z"), Is.EqualTo("HELLO WORLD\n"));
        Assert.That(Output(sh, "echo hello | tr -d l; echo aaabbb | tr -s ab"), Is.EqualTo("heo\nab\n"));
        Assert.That(Output(sh, "cut -d , -f 2 /data/table.csv"), Is.EqualTo("age\n31\n27\n"));
        Assert.That(Output(sh, "cut -c 1-3 /data/table.csv"), Is.EqualTo("nam\nann\nbob\n"));
        Assert.That(Output(sh, "od -c /data/small.txt"), Is.EqualTo(host.Od("-c", "hi\tthere\n\u0001\u007f")));
        Assert.That(Output(sh, "od -x /data/bytes.bin | head -n 3"), Is.EqualTo(host.OdHead("-x", TestBytes.Random(1000, seed: 0xD0D), 3)));
    }

    private static void Others(SerialShell sh)
    {
        Assert.That(Output(sh, "env -i A=1 B=2"), Is.EqualTo("A=1\nB=2\n"));
        Assert.That(Output(sh, "env X=5 sh -c 'echo x is $X'"), Is.EqualTo("x is 5\n"));
        // No real-time clock is read: the clock starts at the epoch at boot.
        Assert.That(Output(sh, "date"), Does.Match(@"^Thu Jan  1 00:\d\d:\d\d UTC 1970\n$"));
        Assert.That(Output(sh, "date +%F"), Is.EqualTo("1970-01-01\n"));
        Assert.That(Output(sh, "uname; uname -sm"), Is.EqualTo("Minix3.Cosmos\nMinix3.Cosmos x86_64\n"));
        Assert.That(Output(sh, "yes hello world | head -n 2"), Is.EqualTo("hello world\nhello world\n"));
        Assert.That(Output(sh, "dd if=/data/bytes.bin of=/tmp/part bs=100 skip=2 count=3"),
            Is.EqualTo("3+0 records in\n3+0 records out\n300 bytes copied\n"));
    }

    // more pages on the serial terminal (24 rows: 23 lines a screen) and
    // reads its keys from the terminal, also when its input is a pipe.
    private static void More(SerialShell sh)
    {
        string first = sh.Keys("more /data/lines.txt\n", "--More--");
        Assert.That(first, Does.Contain("line 1\nline 2\n"));
        Assert.That(first, Does.Contain("line 23\n"));
        Assert.That(first, Does.Not.Contain("line 24"));
        string second = sh.Keys(" ", "--More--");
        Assert.That(second, Does.Contain("line 24\n"));
        Assert.That(second, Does.Contain("line 46\n"));
        Assert.That(second, Does.Not.Contain("line 47"));
        Assert.That(sh.Keys("\r", "--More--"), Does.Contain("line 47\n"), "Enter: one more line");
        sh.Keys("q", SerialShell.Prompt);
        string piped = sh.Keys("cat /data/lines.txt | more\n", "--More--");
        Assert.That(piped, Does.Contain("line 23\n"));
        sh.Keys("q", SerialShell.Prompt);
        string through = Output(sh, "more /data/lines.txt | wc -l");
        Assert.That(through, Is.EqualTo("100\n"), "not a terminal: more copies through");
    }

    private static void SerialEditor(SerialShell sh)
    {
        const string Down = "\u001b[B", Up = "\u001b[A", Left = "\u001b[D", Home = "\u001b[H", End = "\u001b[F";
        const string Save = "\u0013", Exit = "\u0018";
        string screen = sh.Keys("edit /etc/rc\n", "^X exit");
        Assert.That(screen, Does.Contain("# /etc/rc: run by init"));
        Assert.That(screen, Does.Contain(" /etc/rc  line 1/4 col 1"));
        sh.Keys(string.Concat(Enumerable.Repeat(Down, 10)) + End + "\r" + "echo rc edited by the test", "by the test");
        Assert.That(sh.Keys(Save, "saved /etc/rc: 5 lines"), Is.Not.Empty);
        sh.Keys(Exit, SerialShell.Prompt);
        Assert.That(Output(sh, "tail -n 1 /etc/rc"), Is.EqualTo("echo rc edited by the test\n"));

        sh.Keys("edit /tmp/new.txt\n", "new file");
        sh.Keys("first line\rsecond" + Left + "x" + Up + Home + ">", ">first line");
        sh.Keys(Save, "saved /tmp/new.txt: 2 lines, 20 bytes");
        sh.Keys(Exit, SerialShell.Prompt);
        sh.Keys("edit /tmp/new.txt\n", "line 1/2");
        sh.Keys("zzz" + Exit, "unsaved changes");
        sh.Keys(Exit, SerialShell.Prompt);
        Assert.That(Output(sh, "cat /tmp/new.txt"), Is.EqualTo(">first line\nseconxd\n"));
    }

    // The console's shell, through the keyboard and the screen.
    private static void ConsoleEditor(GuestScratch scratch, DateTime deadline)
    {
        using HostConsole monitor = HostConsole.Connect(scratch.Monitor, deadline);
        Assert.That(monitor.WaitForScreen(rows => rows.Any(r => r.EndsWith("#")), deadline, out _), Is.True, "the console's prompt");
        Assert.That(monitor.TypeText("edit /tmp/console.txt\n", deadline), Is.True);
        Assert.That(monitor.WaitForScreen(rows => rows[24].Contains("new file"), deadline, out string[] screen), Is.True,
            "the editor's status line on the console's last row; the screen:\n" + string.Join("\n", screen));
        Assert.That(monitor.TypeText("typed on the console", deadline), Is.True);
        foreach (string key in new[] { "ret" })
            Assert.That(monitor.Command("sendkey " + key, deadline), Is.True);
        Assert.That(monitor.TypeText("line two", deadline), Is.True);
        foreach (string key in new[] { "up", "home" })
            Assert.That(monitor.Command("sendkey " + key, deadline), Is.True);
        Assert.That(monitor.TypeText("x", deadline), Is.True);
        Assert.That(monitor.WaitForScreen(rows => rows[0] == "xtyped on the console" && rows[1] == "line two" && rows[24].Contains("[modified]"),
            deadline, out screen), Is.True, "the text and the status line; the screen:\n" + string.Join("\n", screen));
        Assert.That(monitor.Command("sendkey ctrl-s", deadline), Is.True);
        Assert.That(monitor.WaitForScreen(rows => rows[24].Contains("saved /tmp/console.txt: 2 lines"), deadline, out screen), Is.True,
            "saved; the screen:\n" + string.Join("\n", screen));
        Assert.That(monitor.Command("sendkey ctrl-x", deadline), Is.True);
        Assert.That(monitor.WaitForScreen(rows => rows[0] == "#" || rows[0] == "# ", deadline, out screen), Is.True,
            "the editor cleared the screen and the shell prompts at the top; the screen:\n" + string.Join("\n", screen));
    }

    // The host's tools on the same data, for the expected outputs.
    private sealed class HostFiles
    {
        private readonly string _directory;

        public HostFiles(string directory) => _directory = directory;

        public string Shell(string[] lines, string command)
        {
            string file = Path.Combine(_directory, "input.txt");
            File.WriteAllText(file, string.Join("\n", lines) + "\n");
            return HostTool.Run("sh", "dash", "-c", "< " + file + " " + command).Output;
        }

        public string Od(string option, string content)
        {
            string file = Path.Combine(_directory, "od.bin");
            File.WriteAllBytes(file, Encoding.Latin1.GetBytes(content));
            return HostTool.MustRun("od", "coreutils", option, file);
        }

        public string OdHead(string option, byte[] content, int lines)
        {
            string file = Path.Combine(_directory, "od-head.bin");
            File.WriteAllBytes(file, content);
            return HostTool.MustRun("sh", "dash", "-c", $"od {option} {file} | head -n {lines}");
        }
    }
}
