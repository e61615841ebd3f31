using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Driver
{
    // The base of block drivers (MINIX's libblockdriver). Stateless by
    // design: the block cache lives in the file server, so a restarted
    // driver loses nothing. A driver says how big each minor device is and
    // moves bytes; the library checks every transfer against the device's
    // size and block alignment before the driver sees it.
    public abstract unsafe class BlockDriver : DriverLoop
    {
        // Size in bytes and block size of a minor device; false: no such device.
        protected abstract bool Geometry(int minor, out long size, out int blockSize);

        // Moves `buffer.Length` bytes at `position` (already checked to lie
        // inside the device and on block boundaries); returns the bytes moved
        // or a Status.
        protected abstract int Transfer(int minor, long position, GrantedBuffer buffer, bool write);

        protected virtual int Open(int minor, int access) => Geometry(minor, out _, out _) ? Status.Ok : DriverStatus.NoSuchDevice;
        protected virtual int Close(int minor) => Status.Ok;
        protected virtual int Ioctl(int minor, long request, GrantedBuffer buffer) => DriverStatus.NotATypewriter;

        private protected override long Handle(Endpoint client, Message* message)
        {
            DriverRequestMessage* request = DriverRequestMessage.Of(message);
            int minor = (int)request->Minor;
            switch (message->Type)
            {
                case DriverRequest.Open: return Open(minor, (int)request->Access);
                case DriverRequest.Close: return Close(minor);
                case DriverRequest.Geometry:
                    if (!Geometry(minor, out long size, out int blockSize))
                        return DriverStatus.NoSuchDevice;
                    DriverReplyMessage.Of(message)->DeviceSize = size;
                    DriverReplyMessage.Of(message)->BlockSize = blockSize;
                    return Status.Ok;
                case DriverRequest.Ioctl:
                    return TryBuffer(client, message, out GrantedBuffer ioctlBuffer) ? Ioctl(minor, request->IoctlRequest, ioctlBuffer) : Status.BadArgument;
                case DriverRequest.Read:
                case DriverRequest.Write:
                    if (!TryBuffer(client, message, out GrantedBuffer buffer))
                        return Status.BadArgument;
                    if (!Geometry(minor, out long deviceSize, out int deviceBlock))
                        return DriverStatus.NoSuchDevice;
                    long position = request->Position;
                    if (position < 0 || position % deviceBlock != 0 || buffer.Length % deviceBlock != 0)
                        return Status.BadArgument;
                    if (position >= deviceSize)
                        return 0; // end of device
                    if (buffer.Length > deviceSize - position)
                        buffer = new GrantedBuffer(buffer.Owner, buffer.Grant, (int)(deviceSize - position));
                    return Transfer(minor, position, buffer, message->Type == DriverRequest.Write);
                default:
                    return DriverStatus.BadRequest;
            }
        }
    }
}
