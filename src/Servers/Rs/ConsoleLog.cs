using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Rs
{
    // Every decision RS makes is one line in the kernel's log (the serial
    // console) and, once TTY runs, on the screen too: the kernel stops
    // writing to the VGA console when TTY takes it over, so RS writes its
    // lines to TTY's console (minor 0) itself. The write is asynchronous,
    // through a grant of a line buffer that stays lent until TTY answers;
    // when every buffer is lent (TTY slow or gone) the screen misses the
    // line, never RS's loop.
    internal static unsafe class ConsoleLog
    {
        private const int Lines = GrantSlots.Count - GrantSlots.FirstConsoleLine;
        private const int LineBytes = 160;
        private const int ConsoleMinor = 0;

        private static readonly byte[][] s_buffers = NewBuffers();
        private static readonly bool[] s_lent = new bool[Lines];
        private static readonly System.Collections.Generic.Queue<int> s_order = new System.Collections.Generic.Queue<int>();
        private static int s_tty;

        public static void Say(string text)
        {
            Diagnostics.Print(text);
            Endpoint tty = Endpoints.Lookup("tty");
            if (tty.Value != s_tty)
            {
                // A new TTY answers nothing the old one was lent.
                s_tty = tty.Value;
                while (s_order.Count > 0)
                    Release(s_order.Dequeue());
            }
            int line = Free();
            if (tty.IsNone || line < 0)
                return;
            byte[] buffer = s_buffers[line];
            int length = 0;
            for (int i = 0; i < text.Length && length < LineBytes - 1; i++)
                buffer[length++] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
            buffer[length++] = (byte)'\n';
            fixed (byte* bytes = buffer)
            {
                GrantId grant = GrantSlots.LendForReading(GrantSlots.FirstConsoleLine + line, tty, bytes, length);
                if (grant.Value == -1)
                    return;
                Message message = default;
                message.Type = DriverRequest.Write;
                DriverRequestMessage* write = DriverRequestMessage.Of(&message);
                write->Minor = ConsoleMinor;
                write->Grant = grant.Value;
                write->Length = length;
                if (Ipc.SendAsync(tty, &message) != Status.Ok)
                {
                    GrantSlots.Revoke(GrantSlots.FirstConsoleLine + line);
                    return;
                }
                s_lent[line] = true;
                s_order.Enqueue(line);
            }
        }

        // TTY answered a write: the oldest lent buffer is free again (TTY
        // serves one client's writes in order).
        public static void Written()
        {
            if (s_order.Count > 0)
                Release(s_order.Dequeue());
        }

        private static void Release(int line)
        {
            s_lent[line] = false;
            GrantSlots.Revoke(GrantSlots.FirstConsoleLine + line);
        }

        private static int Free()
        {
            for (int i = 0; i < Lines; i++)
            {
                if (!s_lent[i])
                    return i;
            }
            return -1;
        }

        private static byte[][] NewBuffers()
        {
            var buffers = new byte[Lines][];
            for (int i = 0; i < Lines; i++)
                buffers[i] = new byte[LineBytes];
            return buffers;
        }
    }
}
