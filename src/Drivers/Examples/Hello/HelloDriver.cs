using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Drivers.Examples.Hello
{
    // Hello: the smallest useful character driver, and the template every
    // new driver starts from (MINIX's drivers/examples/hello). Reading minor
    // 0 yields "Hello, World!\n" and then end of file. Clients send it the
    // driver protocol (src/Lib/Ipc/DriverProtocol.cs); it touches no device
    // and needs no privileges beyond replying (see Hello.policy).
    public sealed unsafe class HelloDriver : CharDriver
    {
        private const string Greeting = "Hello, World!\n";

        public static int Main()
        {
            new HelloDriver().Run();
            return 0;
        }

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
