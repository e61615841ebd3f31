using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Examples.Hello
{
    // Hello: the smallest useful character driver, and the template every
    // new driver starts from (MINIX's drivers/examples/hello). Reading minor
    // 0 yields "Hello, World!\n" and then end of file. Clients send it the
    // driver protocol (src/Lib/Ipc/DriverProtocol.cs); it touches no device
    // and needs no privileges beyond replying and asking DS how it started
    // (see Hello.policy).
    public sealed unsafe class HelloDriver : CharDriver
    {
        private const string Greeting = "Hello, World!\n";

        public static int Main()
        {
            new HelloDriver().Run();
            return 0;
        }

        // The start-up layer: the library asks DS (as "hello") whether this
        // is a fresh start, a restart or a live update before serving.
        protected override string? Label => "hello";

        protected override void Started(StartKind kind) =>
            Diagnostics.Print(kind == StartKind.Fresh ? "hello: fresh start" : kind == StartKind.Restart ? "hello: restarted" : "hello: updated");

        protected override int Read(int minor, long position, GrantedBuffer buffer)
        {
            if (minor != 0)
                return DriverStatus.NoSuchDevice;
            if (position >= Greeting.Length)
                return 0;
            int count = Greeting.Length - (int)position;
            if (count > buffer.Length)
                count = buffer.Length;
            byte* text = stackalloc byte[Greeting.Length];
            for (int i = 0; i < count; i++)
                text[i] = (byte)Greeting[(int)position + i];
            int status = buffer.CopyToClient(0, text, count);
            return status < 0 ? status : count;
        }
    }
}
