using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Driver
{
    // The base of character drivers (MINIX's libchardriver). A driver
    // overrides the hooks it needs; each has a safe default: Open accepts
    // minor 0 only, Read and Write report an I/O error, Ioctl answers "not a
    // typewriter". The loop, replies and heartbeats are DriverLoop's.
    public abstract unsafe class CharDriver : DriverLoop
    {
        protected virtual int Open(int minor, int access) => minor == 0 ? Status.Ok : DriverStatus.NoSuchDevice;
        protected virtual int Close(int minor) => Status.Ok;
        protected virtual int Read(int minor, long position, GrantedBuffer buffer) => DriverStatus.IoError;
        protected virtual int Write(int minor, long position, GrantedBuffer buffer) => DriverStatus.IoError;
        protected virtual int Ioctl(int minor, long request, GrantedBuffer buffer) => DriverStatus.NotATypewriter;

        private protected override long Handle(Endpoint client, Message* message)
        {
            int minor = (int)message->Word0;
            switch (message->Type)
            {
                case DriverRequest.Open: return Open(minor, (int)message->Word1);
                case DriverRequest.Close: return Close(minor);
                case DriverRequest.Read:
                case DriverRequest.Write:
                case DriverRequest.Ioctl:
                    if (!TryBuffer(client, message, out GrantedBuffer buffer))
                        return Status.BadArgument;
                    if (message->Type == DriverRequest.Ioctl)
                        return Ioctl(minor, message->Word1, buffer);
                    if (message->Word1 < 0)
                        return Status.BadArgument;
                    return message->Type == DriverRequest.Read ? Read(minor, message->Word1, buffer) : Write(minor, message->Word1, buffer);
                default:
                    return DriverStatus.BadRequest;
            }
        }
    }
}
