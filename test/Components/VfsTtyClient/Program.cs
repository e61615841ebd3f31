using System;
using System.Text;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.VfsTtyClient
{
    // The terminals through VFS: writes a prompt to /dev/tty00 (tty's
    // serial terminal), then reads a line. tty holds the read until the
    // host types one, and VFS holds this caller meanwhile, serving others
    // (the boot test types only after vfsclient has finished all its
    // checks). Then a line on /dev/console. One line per check.
    public static class Program
    {
        private static int s_failures;

        public static int Main()
        {
            int fd = Files.Open("/dev/tty00", OpenFlags.ReadWrite);
            Check("open-tty00", fd >= 0);
            Check("write-prompt", Files.Write(fd, Ascii("vfsttyclient: type a line\n")) == 26);
            var buffer = new byte[100];
            int read = Files.Read(fd, buffer);
            Diagnostics.Print(string.Concat("vfsttyclient: read ", read.ToString(), " bytes: ", Visible(buffer, read)));
            Check("read-line", read > 0);
            Check("write-after-read", Files.Write(fd, Ascii("vfsttyclient: got it\n")) == 21);
            Check("close-tty00", Files.Close(fd) == 0);
            int console = Files.Open("/dev/console", OpenFlags.Write);
            Check("write-console", console >= 0 && Files.Write(console, Ascii("vfsttyclient: on the console\n")) == 29);
            Check("console-not-seekable", Files.Seek(console, 0, SeekOrigin.Begin) < 0);
            Files.Close(console);
            Diagnostics.Print(s_failures == 0 ? "vfsttyclient: all checks passed" : "vfsttyclient: FAILURES");
            return s_failures == 0 ? 0 : 1;
        }

        private static void Check(string name, bool ok)
        {
            if (!ok)
                s_failures++;
            Diagnostics.Print(string.Concat("vfsttyclient: ", name, ok ? ": ok" : ": FAIL"));
        }

        private static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
                bytes[i] = (byte)text[i];
            return bytes;
        }

        // The bytes with a newline shown as \n.
        private static string Visible(byte[] bytes, int length)
        {
            var text = new StringBuilder();
            for (int i = 0; i < length; i++)
            {
                if (bytes[i] == (byte)'\n')
                    text.Append("\\n");
                else
                    text.Append((char)bytes[i]);
            }
            return text.ToString();
        }
    }
}
