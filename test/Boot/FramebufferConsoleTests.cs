using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Minix3.Cosmos.Servers.Tty.Display;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// TTY's framebuffer console on a real (emulated) display: QEMU's std-vga
// in a linear 1024x768x32 mode, as a UEFI loader's GOP leaves a screen.
// The test passes the "framebuffer" module a loader would write (std-vga's
// memory BAR, which SeaBIOS puts at 0xfd000000 on q35); the guest's
// fbprobe (test/Components/FbProbe) sets the mode, writes a line to the
// console and waits for Enter. The host takes QEMU's screendump (PPM),
// reads the text back out of the pixels with TTY's own font, checks the
// colours and the cursor, then presses Enter to end the run.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class FramebufferConsoleTests
{
    private const string Module = "address=0xfd000000 width=1024 height=768 pitch=4096 bpp=32 format=bgrx\n";
    private const string Line = "fbprobe: Hello, framebuffer! 0123456789 {[(gjpqy)]} ~@#$%&*";   // FbProbe's Program.Line
    private const int Left = (1024 - 640) / 2, Top = (768 - 400) / 2;

    [Test]
    public void TtyDrawsTheConsoleOnTheFramebufferTheModuleDescribes()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-fb-{Guid.NewGuid():N}");
        string monitor = HostConsole.NewSocketPath("mon");
        string log = Path.Combine(directory, "serial.log");
        Directory.CreateDirectory(directory);
        try
        {
            string module = Path.Combine(directory, "framebuffer");
            File.WriteAllText(module, Module);
            DateTime deadline = DateTime.UtcNow.AddSeconds(100);
            Task<Picture> screen = Task.Run(() => Screendump(monitor, log, Path.Combine(directory, "screen.ppm"), deadline));
            var run = GuestRun.Qemu("start=ds,rs,pci,keyboard,tty,fbprobe exit_when=fbprobe", image: GuestRun.TestImage, timeoutSeconds: 110,
                monitorSocket: monitor, serialLog: log, modules: new[] { module });

            GuestRun.Line(run, @"^\[tty\] tty: framebuffer in BAR 0 of display adapter 1234:1111$");
            GuestRun.Line(run, @"^\[tty\] tty: console 80x25 on a 1024x768 framebuffer at 0xfd000000 \(bgrx, scale 1\)$");
            Picture picture = screen.Result;
            Assert.That(picture.Problem, Is.Null, "the host's side");
            Assert.That((picture.Width, picture.Height), Is.EqualTo((1024, 768)), "the mode fbprobe set");
            // Components' console lines (rs's) may come before fbprobe's: find its row.
            string[] rows = Enumerable.Range(0, 25).Select(picture.Text).ToArray();
            int row = Array.IndexOf(rows, Line);
            Assert.That(row, Is.GreaterThanOrEqualTo(0), "fbprobe's line, read from the pixels, on the console:\n" + string.Join("\n", rows));
            var cursors = Enumerable.Range(0, 80 * 25).Where(cell => picture.Cell(cell / 80, cell % 80, Grey).SequenceEqual(CursorCell())).ToArray();
            Assert.That(cursors, Has.Length.EqualTo(1), "one cursor on the screen");
            Assert.That((cursors[0] / 80 > row, cursors[0] % 80), Is.EqualTo((true, 0)), "the cursor at the start of a row below the line");
            Assert.That(picture.Colour(0, 0), Is.EqualTo(0u), "the border is black");
            GuestRun.Line(run, @"^\[fbprobe\] fbprobe: open 0, wrote 60$");
            GuestRun.Line(run, @"^\[fbprobe\] fbprobe: console read 1$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            File.Delete(monitor);
            Directory.Delete(directory, recursive: true);
        }
    }

    // A module naming memory no listed display adapter holds (here RAM at
    // 32 MiB): TTY says why in the log and keeps the console on VGA text,
    // where fbprobe's write and read still work.
    [Test]
    public void AFramebufferTtyMayNotMapLeavesTheConsoleOnVgaText()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-fb-{Guid.NewGuid():N}");
        string monitor = HostConsole.NewSocketPath("mon");
        string log = Path.Combine(directory, "serial.log");
        Directory.CreateDirectory(directory);
        try
        {
            string module = Path.Combine(directory, "framebuffer");
            File.WriteAllText(module, "address=0x2000000 width=800 height=600 pitch=3200 bpp=32 format=rgbx\n");
            DateTime deadline = DateTime.UtcNow.AddSeconds(100);
            Task<string?> enter = Task.Run(() => PressEnter(monitor, log, deadline));
            var run = GuestRun.Qemu("start=ds,rs,pci,keyboard,tty,fbprobe exit_when=fbprobe", image: GuestRun.TestImage, timeoutSeconds: 110,
                monitorSocket: monitor, serialLog: log, modules: new[] { module });

            GuestRun.Line(run, @"^\[tty\] tty: no display adapter Tty.policy lists holds the framebuffer at 0x2000000$");
            GuestRun.Line(run, @"^\[tty\] tty: framebuffer 0x2000000 not mapped \(status -\d+\): TTY may not use it; the console stays on VGA text$");
            GuestRun.Line(run, @"^\[tty\] tty: console 80x25 with keyboard, no serial terminal$");
            Assert.That(run.SerialLog, Does.Not.Contain("on a 800x600 framebuffer"));
            Assert.That(enter.Result, Is.Null, "the host's side");
            GuestRun.Line(run, @"^\[fbprobe\] fbprobe: open 0, wrote 60$");
            GuestRun.Line(run, @"^\[fbprobe\] fbprobe: console read 1$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            File.Delete(monitor);
            Directory.Delete(directory, recursive: true);
        }
    }

    // After "console waiting": Enter; null, or what went wrong.
    private static string? PressEnter(string monitorPath, string log, DateTime deadline)
    {
        using HostConsole monitor = HostConsole.Connect(monitorPath, deadline);
        if (!HostConsole.WaitForLogLine(log, @"^\[fbprobe\] fbprobe: console waiting$", deadline))
            return "no \"console waiting\" line in the log";
        return monitor.Command("sendkey ret", deadline) ? null : "the monitor did not take sendkey ret";
    }

    private const uint Grey = 0xAAAAAA;

    private static byte[] CursorCell()
    {
        var rows = new byte[Font8x16.Height];
        rows[14] = rows[15] = 0xFF;
        return rows;
    }

    // After "console waiting": the screendump, then Enter.
    private static Picture Screendump(string monitorPath, string log, string file, DateTime deadline)
    {
        using HostConsole monitor = HostConsole.Connect(monitorPath, deadline);
        if (!HostConsole.WaitForLogLine(log, @"^\[fbprobe\] fbprobe: console waiting$", deadline))
            return new Picture { Problem = "no \"console waiting\" line in the log" };
        if (!monitor.Command($"screendump \"{file}\"", deadline) || !File.Exists(file))
            return new Picture { Problem = "no screendump" };
        Picture picture = Picture.Read(File.ReadAllBytes(file));
        if (!monitor.Command("sendkey ret", deadline))
            picture.Problem = "the monitor did not take sendkey ret";
        return picture;
    }

    private sealed class Picture
    {
        public int Width, Height;
        public byte[] Rgb = Array.Empty<byte>();
        public string? Problem;

        // A binary PPM (P6, maxval 255) as QEMU writes it.
        public static Picture Read(byte[] ppm)
        {
            int at = 0;
            string Token()
            {
                while (at < ppm.Length && (char.IsWhiteSpace((char)ppm[at]) || ppm[at] == '#'))
                {
                    if (ppm[at] == '#')
                        while (at < ppm.Length && ppm[at] != '\n') at++;
                    else at++;
                }
                int start = at;
                while (at < ppm.Length && !char.IsWhiteSpace((char)ppm[at])) at++;
                return Encoding.ASCII.GetString(ppm, start, at - start);
            }
            if (Token() != "P6")
                return new Picture { Problem = "the screendump is not a P6 PPM" };
            int width = int.Parse(Token()), height = int.Parse(Token());
            if (Token() != "255" || ppm.Length - (at + 1) < width * height * 3)
                return new Picture { Problem = "the screendump's header or size is not as expected" };
            return new Picture { Width = width, Height = height, Rgb = ppm[(at + 1)..(at + 1 + width * height * 3)] };
        }

        public uint Colour(int x, int y)
        {
            int at = (y * Width + x) * 3;
            return (uint)(Rgb[at] << 16 | Rgb[at + 1] << 8 | Rgb[at + 2]);
        }

        // The cell's pixels as glyph rows: bit set where the pixel is `ink`.
        public byte[] Cell(int row, int column, uint ink)
        {
            var rows = new byte[Font8x16.Height];
            for (int y = 0; y < Font8x16.Height; y++)
                for (int x = 0; x < Font8x16.Width; x++)
                    if (Colour(Left + column * 8 + x, Top + row * 16 + y) == ink)
                        rows[y] |= (byte)(0x80 >> x);
            return rows;
        }

        // A row of the console as text: each cell matched against the
        // font's printable glyphs ('?' for none), trailing blanks removed.
        public string Text(int row)
        {
            var text = new StringBuilder();
            for (int column = 0; column < 80; column++)
            {
                byte[] cell = Cell(row, column, Grey);
                char found = '?';
                for (int c = 0x20; c <= 0x7E && found == '?'; c++)
                {
                    if (Enumerable.Range(0, Font8x16.Height).All(y => Font8x16.Row(c, y) == cell[y]))
                        found = (char)c;
                }
                text.Append(found);
            }
            return text.ToString().TrimEnd(' ');
        }
    }
}
