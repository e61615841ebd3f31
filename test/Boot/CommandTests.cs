using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The user commands and sh (src/Commands) on the whole system: init starts
// sh on the serial terminal (COM2), and the test types command lines into
// it and reads what comes back, as a user would. The disk is a copy of the
// image's root file system (/bin holds the programs) with a script and
// data files added by the host; after shutdown the host reads back with
// mtools what the commands wrote, and fsck.fat -n must find nothing to fix.
// Every wait is bounded: a command that hangs fails the test with the
// conversation so far.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class CommandTests
{
    private const string Prompt = "# ";
    private const string Hello = "hello through VFS\n";
    private const int BigLength = 100 * 1024;

    private const string Script =
        "echo \"script $0 got $# args: $1 / $2\"\n" +
        "mkdir -p /made/deep/er\n" +
        "cp /hello.txt /made/deep\n" +
        "mv /made/deep/hello.txt /made/moved.txt\n" +
        "echo written > /made/out.txt\n" +
        "echo more >> /made/out.txt\n" +
        "ls /made\n" +
        "rm -r /made/deep\n" +
        "exit 3\n";

    // A builtin's output fed to a program (a forked shell writing into a pipe).
    private const string Loop = "i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done";

    [Test]
    public void ShRunsTheCommandsOnTheSerialTerminal()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-commands-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string com2 = HostConsole.NewSocketPath("com2");
        try
        {
            Assert.That(File.Exists(GuestRun.Image.RootDisk), Is.True, $"the system image's root disk {GuestRun.Image.RootDisk} (built with the image)");
            string disk = Path.Combine(directory, "root.img");
            File.Copy(GuestRun.Image.RootDisk, disk);
            var image = new HostFatImage(disk);
            byte[] big = TestBytes.Random(BigLength, seed: 0xC0FFEE);
            image.MakeDirectory("/data");
            image.Put("/data/big.bin", big);
            image.Put("/hello.txt", Encoding.ASCII.GetBytes(Hello));
            image.Put("/script.sh", Encoding.ASCII.GetBytes(Script));
            string bigOnHost = Path.Combine(directory, "big.bin");
            File.WriteAllBytes(bigOnHost, big);
            string crc = HostTool.MustRun("cksum", "coreutils", bigOnHost).Split(' ')[0];

            Task<List<(string Command, string Output)>> talk = Task.Run(() => Talk(com2, DateTime.UtcNow.AddSeconds(170)));
            var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 180, disk: disk, com2Socket: com2);
            List<(string Command, string Output)> answers = talk.Result;
            string Answer(string command) => answers.First(a => a.Command == command).Output;

            Assert.That(Answer("echo hello from sh"), Does.Match(@"(?m)^hello from sh$"));
            string root = Answer("ls /");
            foreach (string entry in new[] { "bin/", "data/", "hello.txt", "script.sh" })
                Assert.That(root, Does.Match($@"(?m)^{Regex.Escape(entry)}$"), "ls / lists " + entry);
            Assert.That(Answer("ls -l /data"), Does.Match($@"(?m)^-rwxr-xr-x (?:root|0)\s+(?:root|0)\s+{BigLength} big\.bin$"));
            Assert.That(Answer("cat /hello.txt"), Does.Match(@"(?m)^hello through VFS$"));
            Assert.That(Answer("cksum /data/big.bin"), Does.Match($@"(?m)^{crc} {BigLength} /data/big\.bin$"), "cksum agrees with the host's");
            Assert.That(Answer("cat /data/big.bin | cksum"), Does.Match($@"(?m)^{crc} {BigLength}$"), "100 KiB through a pipeline between two programs");
            string script = Answer("sh /script.sh one 'two words'; echo status=$?");
            Assert.That(script, Does.Match(@"(?m)^script /script\.sh got 2 args: one / two words$"));
            foreach (string entry in new[] { "deep/", "moved.txt", "out.txt" })
                Assert.That(script, Does.Match($@"(?m)^{Regex.Escape(entry)}$"), "ls /made lists " + entry);
            Assert.That(script, Does.Match(@"(?m)^status=3$"));
            string missing = Answer("no-such-command; echo status=$?");
            Assert.That(missing, Does.Contain("no-such-command: not found"));
            Assert.That(missing, Does.Match(@"(?m)^status=127$"));
            string nope = Answer("ls /nope; echo status=$?");
            Assert.That(nope, Does.Match(@"(?m)^ls: /nope: .+$"));
            Assert.That(nope, Does.Match(@"(?m)^status=1$"));
            Assert.That(Answer("kill -NOPE 1; echo status=$?"), Does.Match(@"(?m)^status=2$"));
            Assert.That(Answer("kill 99999; echo status=$?"), Does.Match(@"(?m)^status=1$"));
            string ps = Answer("ps");
            Assert.That(ps, Does.Match(@"(?m)^NAME\s+PID\s+ENDPOINT\s+STATE\s+MEMORY\(KiB\)$"));
            Assert.That(ps, Does.Match(@"(?m)^sh\s+\d+\s+\d+\s+\S+\s+\d+$"), "ps lists the shell");
            Assert.That(ps, Does.Match(@"(?m)^ps\s+\d+\s+\d+\s+\S+\s+\d+$"), "ps lists itself");
            Assert.That(Answer("sleep 1 && echo slept"), Does.Match(@"(?m)^slept$"));
            Assert.That(Answer("echo -n a; echo b | cat | cat"), Does.Match(@"(?m)^ab$"));
            Assert.That(Answer("cksum < /data/big.bin"), Does.Match($@"(?m)^{crc} {BigLength}$"), "a redirected file as standard input");
            Assert.That(Answer("ls /nope 2>&1 | cat"), Does.Match(@"(?m)^ls: /nope: .+$"), "standard error into a pipe");
            string inner = Answer("echo 'echo inner $0; exit 4' | sh; echo status=$?");
            Assert.That(inner, Does.Match(@"(?m)^inner sh$"), "sh reads its script from a pipe");
            Assert.That(inner, Does.Match(@"(?m)^status=4$"));
            string loopText = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line{i}\n"));
            string loopFile = Path.Combine(directory, "loop.txt");
            File.WriteAllText(loopFile, loopText);
            string loopCrc = HostTool.MustRun("cksum", "coreutils", loopFile).Split(' ')[0];
            Assert.That(Answer(Loop + " | cksum"), Does.Match($@"(?m)^{loopCrc} {loopText.Length}$"), "a builtin loop's output fed to a program");
            // 300 KiB: more than a pipe holds; the stages run at once.
            string tripleOnHost = Path.Combine(directory, "triple.bin");
            File.WriteAllBytes(tripleOnHost, big.Concat(big).Concat(big).ToArray());
            string tripleCrc = HostTool.MustRun("cksum", "coreutils", tripleOnHost).Split(' ')[0];
            string triple = Answer("cat /data/big.bin /data/big.bin /data/big.bin | cksum; echo status=$?");
            Assert.That(triple, Does.Match($@"(?m)^{tripleCrc} {3 * BigLength}$"), "three files through one pipe, checksummed");
            Assert.That(triple, Does.Match(@"(?m)^status=0$"));
            Assert.That(run.SerialLog, Does.Not.Contain("panic"));
            Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered the machine off");

            // What the commands left on the disk, read by the host's tools.
            Assert.That(image.Get("/made/moved.txt"), Is.EqualTo(Encoding.ASCII.GetBytes(Hello)), "cp then mv");
            Assert.That(image.Get("/made/out.txt"), Is.EqualTo(Encoding.ASCII.GetBytes("written\nmore\n")), "> then >>");
            Assert.That(image.Get("/made/deep/er"), Is.Null, "rm -r removed the tree");
            Assert.That(image.Get("/made/deep"), Is.Null);
            var (code, report) = image.Check();
            Assert.That(code, Is.EqualTo(0), report);
        }
        finally
        {
            File.Delete(com2);
            Directory.Delete(directory, true);
        }
    }

    // Types each line once the prompt is there and keeps what came back up
    // to the next prompt; at the end syncs and shuts the system down.
    private static List<(string Command, string Output)> Talk(string socket, DateTime deadline)
    {
        string[] commands =
        {
            "echo hello from sh", "ls /", "ls -l /data", "cat /hello.txt", "cksum /data/big.bin", "cat /data/big.bin | cksum",
            "sh /script.sh one 'two words'; echo status=$?", "no-such-command; echo status=$?", "ls /nope; echo status=$?",
            "kill -NOPE 1; echo status=$?", "kill 99999; echo status=$?", "ps", "sleep 1 && echo slept", "echo -n a; echo b | cat | cat",
            "cksum < /data/big.bin", "ls /nope 2>&1 | cat", "echo 'echo inner $0; exit 4' | sh; echo status=$?", Loop + " | cksum",
            "cat /data/big.bin /data/big.bin /data/big.bin | cksum; echo status=$?",
        };
        var answers = new List<(string, string)>();
        using HostConsole console = HostConsole.Connect(socket, deadline);
        Assert.That(console.ReadUntil(Prompt, deadline), Is.True, "the first prompt; got: " + console.Received);
        foreach (string command in commands)
        {
            int from = console.Received.Length;
            console.Send(command + "\n");
            // The echo of the line ends in "\n"; the answer ends at the next prompt.
            bool answered = console.ReadUntil("\n" + Prompt, deadline, from);
            Assert.That(answered, Is.True, $"an answer to '{command}'; the conversation:\n{console.Received}");
            string text = console.Received.Substring(from);
            answers.Add((command, text.Substring(0, text.LastIndexOf("\n" + Prompt, StringComparison.Ordinal) + 1)));
        }
        // Kept open until shutdown has answered: closing the socket at once
        // could drop the line before the guest has read it.
        int before = console.Received.Length;
        console.Send("sync && shutdown\n");
        Assert.That(console.ReadUntil("shutdown: powering off", deadline, before), Is.True, "shutdown answers; got: " + console.Received.Substring(before));
        return answers;
    }
}
