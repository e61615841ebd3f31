using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.FbProbe
{
    // The guest's half of test/Boot/FramebufferConsoleTests.cs. The test
    // boots with a "framebuffer" module describing std-vga's memory BAR in
    // 1024x768x32; this probe sets that mode (a boot loader's job on real
    // machines), writes Line to TTY's console and posts a waiting read
    // ("fbprobe: console waiting"). The host then takes a screendump,
    // reads the line back out of the pixels, and presses Enter, which ends
    // the read and the run. Mode set with "no clear": what TTY drew
    // before the switch stays.
    public static unsafe class Program
    {
        public const string Line = "fbprobe: Hello, framebuffer! 0123456789 {[(gjpqy)]} ~@#$%&*";
        private const ushort VbeIndex = 0x1CE, VbeData = 0x1CF;
        private const uint Width = 1024, Height = 768, Bpp = 32;
        private const int Console = 0;
        private const int InputMilliseconds = 120000, ReplyMilliseconds = 3000;

        private static readonly GrantEntry[] s_grants = new GrantEntry[1];
        private static readonly byte[] s_buffer = new byte[128];

        public static int Main()
        {
            SetMode();
            Endpoint tty = Endpoints.Lookup("tty");
            if (tty.IsNone)
            {
                Diagnostics.Print("fbprobe: FAIL tty is not running");
                return 1;
            }
            fixed (GrantEntry* table = s_grants)
            fixed (byte* buffer = s_buffer)
            {
                table[0] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, Sequence = 1, Grantee = tty.Value, Address = (ulong)buffer, Length = (ulong)s_buffer.Length };
                Grants.Publish(table, s_grants.Length);
                long opened = Call(tty, DriverRequest.Open, DriverRequest.AccessRead | DriverRequest.AccessWrite, 0, 0, ReplyMilliseconds);
                for (int i = 0; i < Line.Length; i++)
                    buffer[i] = (byte)Line[i];
                buffer[Line.Length] = (byte)'\n';
                long written = Call(tty, DriverRequest.Write, 0, Line.Length + 1, 0, ReplyMilliseconds);
                Diagnostics.Print(string.Concat("fbprobe: open ", opened.ToString(), ", wrote ", written.ToString()));
                Diagnostics.Print("fbprobe: console waiting");
                long typed = Call(tty, DriverRequest.Read, 0, s_buffer.Length, DriverRequest.ReadWait, InputMilliseconds);
                Diagnostics.Print(string.Concat("fbprobe: console read ", typed.ToString()));
                return opened == Status.Ok && written == Line.Length + 1 && typed == 1 ? 0 : 1;
            }
        }

        // Bochs VBE: disable, set resolution and depth, enable with the
        // linear framebuffer and without clearing video memory.
        private static void SetMode()
        {
            Vbe(4, 0);
            Vbe(1, Width);
            Vbe(2, Height);
            Vbe(3, Bpp);
            Vbe(4, 0x01 | 0x40 | 0x80);
            Diagnostics.Print("fbprobe: std-vga in 1024x768x32");
        }

        private static void Vbe(uint register, uint value)
        {
            Devices.Out(VbeIndex, 2, register);
            Devices.Out(VbeData, 2, value);
        }

        // Sends a request on the console and waits for TTY's reply to it
        // under an alarm; long.MinValue when none came.
        private static long Call(Endpoint tty, int type, long access, long length, long flags, int milliseconds)
        {
            Message message = default;
            message.Type = type;
            DriverRequestMessage* request = DriverRequestMessage.Of(&message);
            request->Minor = Console;
            request->Access = type == DriverRequest.Open ? access : 0;
            request->Grant = GrantId.From(0, 1).Value;
            request->Length = length;
            request->Flags = flags;
            if (Ipc.Send(tty, &message) != Status.Ok || Devices.SetAlarm(milliseconds) != Status.Ok)
                return long.MinValue;
            long result = long.MinValue;
            while (Ipc.Receive(Endpoint.Any, &message) == Status.Ok)
            {
                if (message.Source == Endpoint.Kernel.Value)
                {
                    if (NotificationMessage.Of(&message)->Alarm != 0)
                        break;
                    continue;
                }
                if (message.Source == tty.Value && message.Type == DriverRequest.Reply && DriverReplyMessage.Of(&message)->Request == type)
                {
                    result = DriverReplyMessage.Of(&message)->Result;
                    break;
                }
            }
            Devices.SetAlarm(0);
            return result;
        }
    }
}
