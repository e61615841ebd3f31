using System;
using System.IO;
using System.Text;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// A shell script on the whole system, with nobody typing: the test puts an
// /etc/rc on a copy of the root disk; init runs it at boot; it runs a
// script exercising variables, quoting, arguments, arithmetic with shifts,
// conditionals, exit statuses, redirections and pipes through programs,
// with its output redirected to a file, then syncs and shuts down. The host
// reads the file back with mtools and compares it line by line.
[TestFixture]
public class ShellScriptTests
{
    private const string Script =
        "name=\"Minix3  Cosmos\"\n" +
        "echo \"name=$name\" 'single $name' $#:$1:$2\n" +
        "echo $((1 << 10)) $(( (255 >> 4) + 3 * 2 )) $((-7 / 2)) $((0x10 | 3))\n" +
        "if [ $((1 << 3)) -eq 8 ]; then echo shift-ok; else echo shift-bad; fi\n" +
        "if cat /nope 2>/dev/null; then echo cat-ok; else echo \"cat-failed status=$?\"; fi\n" +
        "false || echo or-branch\n" +
        "true && echo and-branch\n" +
        "echo first > /t/tmp.txt\n" +
        "echo second >> /t/tmp.txt\n" +
        "cat < /t/tmp.txt\n" +
        "cat /t/tmp.txt | cat | cksum\n" +
        "for word in a b; do echo \"loop $word\"; done\n" +
        "count=0\n" +
        "while [ $count -lt 3 ]; do count=$((count + 1)); done\n" +
        "echo count=$count\n" +
        "sh -c 'exit 7'\n" +
        "echo inner=$?\n" +
        "exit 5\n";

    private const string Rc =
        "sh /t/script.sh one \"two three\" > /t/out.txt 2>&1\n" +
        "echo \"status=$?\" >> /t/out.txt\n" +
        "sync\n" +
        "shutdown\n";

    [Test]
    public void AScriptWithPipesRedirectionArithmeticAndConditionalsGivesTheExpectedOutput() =>
        RunScript((image, disk) => GuestRun.Qemu("", image: image, timeoutSeconds: 120, disk: disk));

    // The same system and script in Bochs, from the GRUB ISO: another
    // emulator's CPU, PIC, PS/2 and ATA models under the same programs.
    [Test]
    public void TheSameScriptGivesTheSameOutputInBochs() =>
        RunScript((image, disk) => GuestRun.Bochs("", timeoutSeconds: 300, disk: disk));

    private static void RunScript(Func<Launcher.ImageLayout, string, Launcher.BootResult> boot)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-script-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string disk = Path.Combine(directory, "root.img");
            File.Copy(GuestRun.Image.RootDisk, disk);
            var image = new HostFatImage(disk);
            image.MakeDirectory("/t");
            image.Put("/t/script.sh", Encoding.ASCII.GetBytes(Script));
            image.Put("/etc/rc", Encoding.ASCII.GetBytes(Rc));
            string twoLines = Path.Combine(directory, "two.txt");
            File.WriteAllText(twoLines, "first\nsecond\n");
            string crc = HostTool.MustRun("cksum", "coreutils", twoLines).Split(' ')[0];

            var run = boot(GuestRun.Image, disk);

            Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown ends the run");
            byte[]? output = image.Get("/t/out.txt");
            Assert.That(output, Is.Not.Null, "the script's output file");
            string expected =
                "name=Minix3  Cosmos single $name 2:one:two three\n" +
                "1024 21 -3 19\n" +
                "shift-ok\n" +
                "cat-failed status=1\n" +
                "or-branch\n" +
                "and-branch\n" +
                "first\n" +
                "second\n" +
                $"{crc} 13\n" +
                "loop a\n" +
                "loop b\n" +
                "count=3\n" +
                "inner=7\n" +
                "status=5\n";
            Assert.That(Encoding.ASCII.GetString(output!), Is.EqualTo(expected));
            Assert.That(image.Get("/t/tmp.txt"), Is.EqualTo(Encoding.ASCII.GetBytes("first\nsecond\n")));
            var (code, report) = image.Check();
            Assert.That(code, Is.EqualTo(0), report);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
