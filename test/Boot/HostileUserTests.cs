using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Users and authority on the whole system, in one boot of the kit's image:
// root on the serial terminal (COM2) runs commands as guest with
// `su guest -c ...` (root needs no password) and checks that every request
// guest has no right to make is refused, and that what it would have
// changed did not change:
//   - RS: service down/restart/update/fi of a driver -> "permission
//     denied", and `service status` is the same line for line after;
//   - PM: kill of a root process -> refused, the process still runs;
//   - VFS: writing /bin/sh or /etc/passwd, removing /etc/passwd, reading
//     /etc/shadow -> Permission denied; after shutdown both files are
//     byte for byte the image's (the host reads them with mtools);
//   - /home/guest is guest's, /tmp is sticky (guest cannot remove root's
//     file), chmod by the owner works, chown by anyone else than root does
//     not, ls -l shows owners and modes;
//   - login asks for a user and password and refuses a wrong one;
//   - su from guest to root takes root's password (set-user-id su reading
//     /etc/shadow), and a wrong one is refused;
//   - forger (test/Components/Forger, copied onto the disk) sends RS, PM,
//     VFS, DS and the kernel raw requests with forged fields and made-up
//     grants as guest: every one is refused, and the servers go on
//     serving.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class HostileUserTests
{
    private const string RootPassword = "minix";

    [Test]
    public void GuestIsRefusedEverythingThatIsNotItsOwn()
    {
        using var scratch = new GuestScratch("hostile-user");
        scratch.Install("Forger", "forger");
        Task<string> talk = Task.Run(() => Talk(scratch.Com2, DateTime.UtcNow.AddSeconds(230)));
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 240, disk: scratch.Disk, com2Socket: scratch.Com2);
        string transcript = talk.Result;
        TestContext.Out.WriteLine(transcript);
        Assert.That(run.SerialLog, Does.Not.Contain("panic"));
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered the machine off; the conversation:\n" + transcript);
        foreach (string file in new[] { "/bin/sh", "/etc/passwd", "/etc/shadow" })
            Assert.That(Checksum(scratch.Disk, file), Is.EqualTo(Checksum(GuestRun.Image.RootDisk, file)), file + " is the image's, byte for byte");
        Assert.That(run.SerialLog, Does.Contain("rs: refused"), "RS logs the refusals");
    }

    private static string Talk(string socket, DateTime deadline)
    {
        using SerialShell sh = SerialShell.Open(socket, deadline);

        Assert.That(sh.Run("id"), Does.Contain("uid=0(root) gid=0(root)"));
        Assert.That(sh.Run("su guest -c id"), Does.Contain("uid=1000(guest) gid=1000(guest)"));
        Assert.That(sh.Run("su guest -c whoami"), Does.Contain("\nguest\n"));

        string before = sh.Run("service status");
        Assert.That(before, Does.Match(@"(?m)^hello\s+\d+\s+running"));
        foreach (string verb in new[] { "down hello", "restart hello", "update hello /bin/echo", "fi hello crash", "refresh hello" })
        {
            string answer = sh.Run($"su guest -c 'service {verb}; echo status=$?'");
            Assert.That(answer, Does.Contain("permission denied"), verb);
            Assert.That(answer, Does.Match(@"status=[1-9]"), verb);
        }
        Assert.That(sh.Run("service status"), Is.EqualTo(before), "nothing RS supervises changed");

        string sleeper = sh.Run("sleep 600 & echo pid=$!");
        string pid = Regex.Match(sleeper, @"pid=(\d+)").Groups[1].Value;
        Assert.That(sh.Run($"su guest -c 'kill {pid}; echo status=$?'"), Does.Match(@"status=[1-9]"), "guest may not signal root's process");
        Assert.That(sh.Run("ps"), Does.Match($@"(?m)^sleep\s+{pid}\s"), "it still runs");
        Assert.That(sh.Run($"kill {pid}; wait {pid}; echo status=$?"), Does.Contain("status=143"), "root may");

        Assert.That(sh.Run("su guest -c 'echo evil > /bin/sh'"), Does.Contain("Permission denied"));
        Assert.That(sh.Run("su guest -c 'echo evil >> /etc/passwd'"), Does.Contain("Permission denied"));
        Assert.That(sh.Run("su guest -c 'rm /etc/passwd'"), Does.Contain("Permission denied"));
        Assert.That(sh.Run("su guest -c 'cat /etc/shadow'"), Does.Contain("Permission denied"));
        Assert.That(sh.Run("su guest -c 'echo sneaky > /etc/new'"), Does.Contain("Permission denied"), "no new files in root's directories");
        Assert.That(sh.Run("ls -l /etc"), Does.Match(@"(?m)^-rw------- root\s+root\s+\d+ shadow$"));

        Assert.That(sh.Run("su guest -c 'echo mine > /home/guest/note; chmod 600 /home/guest/note; ls -l /home/guest'"),
            Does.Match(@"(?m)^-rw------- guest\s+guest\s+5 note$"));
        Assert.That(sh.Run("su guest -c 'chown root /home/guest/note'"), Does.Contain("Operation not permitted"));
        Assert.That(sh.Run("ls -l /home"), Does.Match(@"(?m)^drwxr-xr-x guest\s+guest\s+\d+ guest/$"));
        Assert.That(sh.Run("ls -l /"), Does.Match(@"(?m)^drwxrwxrwt root\s+root\s+\d+ tmp/$"));
        sh.Run("echo root > /tmp/rootfile");
        Assert.That(sh.Run("su guest -c 'echo g > /tmp/guestfile; rm /tmp/rootfile'"), Does.Contain("Permission denied"), "sticky /tmp");
        Assert.That(sh.Run("ls -l /tmp"), Does.Match(@"(?m)^-rwxr-xr-x guest\s+guest\s+2 guestfile$").And.Match(@"(?m)rootfile$"));
        Assert.That(sh.Run("su guest -c 'rm /tmp/guestfile; echo status=$?'"), Does.Contain("status=0"), "its own file, it may");

        // su as guest to root needs root's password (su is set-user-id).
        sh.Keys("su guest -c 'su -c id'\n", "Password: ");
        string asRoot = sh.Run(RootPassword);
        Assert.That(asRoot, Does.Contain("uid=0(root)"));
        Assert.That(asRoot, Does.Not.Contain(RootPassword), "the password is not echoed");
        sh.Keys("su guest -c 'su -c id; echo status=$?'\n", "Password: ");
        string wrong = sh.Run("not-the-password");
        Assert.That(wrong, Does.Contain("Authentication failure"));
        Assert.That(wrong, Does.Contain("status=1"));

        // login asks for a user and a password (not echoed), refuses a
        // wrong one, and starts the user's shell in its home directory.
        sh.Keys("login\n", "login: ");
        sh.Keys("guest\n", "Password: ");
        sh.Keys("wrong\n", "Login incorrect\nlogin: ");
        sh.Keys("guest\n", "Password: ");
        sh.Run("guest");
        Assert.That(sh.Run("id; pwd"), Does.Contain("uid=1000(guest) gid=1000(guest)").And.Contain("\n/home/guest\n"));
        Assert.That(sh.Run("exit"), Is.Not.Null);
        Assert.That(sh.Run("id"), Does.Contain("uid=0(root)"), "back in root's shell");

        string forged = sh.Run("su guest -c forger");
        Assert.That(forged, Does.Contain("forger: done"), "forger ran to its end");
        Assert.That(Regex.Matches(forged, "forger: .*: refused -").Count, Is.EqualTo(11), forged);
        Assert.That(forged, Does.Not.Contain("ALLOWED"));
        Assert.That(sh.Run("service status"), Is.EqualTo(before), "RS serves, and nothing changed");
        Assert.That(sh.Run("ls /etc"), Does.Contain("passwd"), "VFS and FS serve");
        Assert.That(sh.Run("su guest -c id"), Does.Contain("uid=1000(guest)"), "PM serves");

        sh.Shutdown();
        return sh.Transcript;
    }


    // A user who forks without end meets PM's per-user limit, not the end
    // of the process table: RS can still restart a driver (its spawn uses a
    // slot users cannot take), and root can still run commands.
    [Test]
    public void AGuestForkingWithoutEndCannotStopADriverRestart()
    {
        using var scratch = new GuestScratch("fork-flood");
        Task<string> talk = Task.Run(() =>
        {
            using SerialShell sh = SerialShell.Open(scratch.Com2, DateTime.UtcNow.AddSeconds(230));
            string numbers = string.Join(" ", System.Linq.Enumerable.Range(1, 60));
            string flood = sh.Run($"su guest -c 'for i in {numbers}; do sleep 900 & done; sleep 900'&");
            string ps = "";
            for (int attempt = 0; attempt < 200 && Regex.Matches(ps, @"(?m)^sleep\s").Count < 47; attempt++)
                ps = sh.Run("ps");
            Assert.That(Regex.Matches(ps, @"(?m)^sleep\s").Count, Is.InRange(47, 48), "guest holds its limit of 48 processes: " + ps);
            Assert.That(sh.Run("service fi hello crash; echo status=$?"), Does.Contain("status=0"));
            string status = "";
            for (int attempt = 0; attempt < 200 && !Regex.IsMatch(status, @"(?m)^hello\s+\d+\s+running\s+1\s"); attempt++)
                status = sh.Run("service status");
            Assert.That(status, Does.Match(@"(?m)^hello\s+\d+\s+running\s+1\s"), "hello came back");
            Assert.That(sh.Run("echo still here"), Does.Contain("\nstill here\n"), "root still runs commands");
            sh.Shutdown();
            return sh.Transcript;
        });
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 240, disk: scratch.Disk, com2Socket: scratch.Com2);
        string transcript = talk.Result;
        Assert.That(run.SerialLog, Does.Not.Contain("KERNEL PANIC").And.Not.Contain("SYSTEM PANIC"));
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered the machine off; the conversation:\n" + transcript);
    }

    private static string Checksum(string disk, string file) =>
        HostTool.MustRun("sh", "dash", "-c", $"mcopy -n -i '{disk}' '::{file}' - | cksum").Trim();
}
