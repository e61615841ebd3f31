using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DevClient
{
    // Plays the file server's part against the drivers: grants a buffer,
    // sends requests, checks replies and data. One line per check.
    public static unsafe class Program
    {
        private const int BufferSize = 4096;
        private static readonly GrantEntry[] s_grants = new GrantEntry[4];
        private static readonly byte[] s_buffer = new byte[BufferSize];
        private static int s_failures;

        public static int Main()
        {
            Endpoint hello = Endpoints.Lookup("hello"), memory = Endpoints.Lookup("memory"), ramdisk = Endpoints.Lookup("ramdisk");
            fixed (GrantEntry* table = s_grants)
            fixed (byte* buffer = s_buffer)
            {
                Grants.Publish(table, s_grants.Length);
                // One read-write grant of the whole buffer per driver (index = slot below).
                Grant(table, 0, hello, buffer);
                Grant(table, 1, memory, buffer);
                Grant(table, 2, ramdisk, buffer);

                Check("hello-read", Request(hello, DriverRequest.Read, 0, 0, 0, 64) == 18 && Text(buffer, 18) == "Hello, World! (1)\n");
                Check("hello-end-of-file", Request(hello, DriverRequest.Read, 0, 18, 0, 64) == 0);
                Check("hello-ioctl-default", Request(hello, DriverRequest.Ioctl, 0, 1, 0, 0) == DriverStatus.NotATypewriter);
                Check("null-write", Request(memory, DriverRequest.Write, 0, 0, 1, 100) == 100);
                Check("null-read", Request(memory, DriverRequest.Read, 0, 0, 1, 100) == 0);
                Fill(buffer, 0xFF, 256);
                Check("zero-read", Request(memory, DriverRequest.Read, 1, 0, 1, 256) == 256 && AllZero(buffer, 256));
                Check("unknown-minor", Request(memory, DriverRequest.Open, 7, 0, 0, 0) == DriverStatus.NoSuchDevice);

                Message geometry = default;
                Check("ramdisk-geometry", Send(ramdisk, DriverRequest.Geometry, 0, 0, 0, 0, &geometry) == 0 && DriverReplyMessage.Of(&geometry)->DeviceSize == 1 << 20 && DriverReplyMessage.Of(&geometry)->BlockSize == 512);
                for (int i = 0; i < 1024; i++)
                    buffer[i] = (byte)(i * 7 + 3);
                Check("ramdisk-write", Request(ramdisk, DriverRequest.Write, 0, 5 * 512, 2, 1024) == 1024);
                Fill(buffer, 0, 1024);
                bool same = Request(ramdisk, DriverRequest.Read, 0, 5 * 512, 2, 1024) == 1024;
                for (int i = 0; i < 1024 && same; i++)
                    same = buffer[i] == (byte)(i * 7 + 3);
                Check("ramdisk-read-back", same);
                Check("ramdisk-past-end", Request(ramdisk, DriverRequest.Read, 0, 1 << 20, 2, 512) == 0);
                Check("ramdisk-unaligned", Request(ramdisk, DriverRequest.Read, 0, 100, 2, 512) == Status.BadArgument);
                Check("ramdisk-bad-grant", Request(ramdisk, DriverRequest.Read, 0, 0, 3, 512) == Status.BadGrant);
                Check("ramdisk-too-long", Request(ramdisk, DriverRequest.Read, 0, 0, 2, 8192) == Status.OutOfRange);
                Check("unknown-request", Request(ramdisk, 0x7777, 0, 0, 0, 0) == DriverStatus.BadRequest);
                Check("heartbeat", Request(ramdisk, DriverRequest.Ping, 0, 0, 0, 0) == Status.Ok);
            }
            Diagnostics.Print(s_failures == 0 ? "devclient: all checks passed" : "devclient: FAILURES");
            return s_failures == 0 ? 0 : 1;
        }

        private static void Grant(GrantEntry* table, int index, Endpoint driver, byte* buffer) =>
            table[index] = new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, Sequence = 1, Grantee = driver.Value, Address = (ulong)buffer, Length = BufferSize };

        private static long Request(Endpoint driver, int type, long minor, long position, int grantIndex, long length)
        {
            Message reply = default;
            return Send(driver, type, minor, position, grantIndex, length, &reply);
        }

        private static long Send(Endpoint driver, int type, long minor, long position, int grantIndex, long length, Message* message)
        {
            *message = default;
            message->Type = type;
            DriverRequestMessage* request = DriverRequestMessage.Of(message);
            request->Minor = minor;
            request->Position = position;
            request->Grant = GrantId.From(grantIndex, 1).Value;
            request->Length = length;
            int status = Ipc.SendRec(driver, message);
            if (status != Status.Ok)
                return status;
            return message->Type == DriverRequest.Reply ? DriverReplyMessage.Of(message)->Result : DriverStatus.BadRequest;
        }

        private static void Check(string name, bool ok)
        {
            if (!ok)
                s_failures++;
            Diagnostics.Print(string.Concat("devclient: ", name, ok ? ": ok" : ": FAIL"));
        }

        private static string Text(byte* bytes, int length)
        {
            char* chars = stackalloc char[length];
            for (int i = 0; i < length; i++)
                chars[i] = (char)bytes[i];
            return new string(chars, 0, length);
        }

        private static void Fill(byte* bytes, byte value, int length)
        {
            for (int i = 0; i < length; i++)
                bytes[i] = value;
        }

        private static bool AllZero(byte* bytes, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (bytes[i] != 0)
                    return false;
            }
            return true;
        }
    }
}
