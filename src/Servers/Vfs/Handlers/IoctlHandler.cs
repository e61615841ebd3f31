using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Ioctl -- reads VfsIoctlRequest (descriptor, request, the caller's
    // in/out argument grant and its length). Only a character device has
    // control requests; the call goes to its driver like a read or write
    // (DeviceRequests, answered when the driver replies) with the argument
    // copied in first and back afterwards.
    internal static unsafe class IoctlHandler
    {
        public static int Handle(Server server, Message* request)
        {
            VfsIoctlRequest* ioctl = VfsIoctlRequest.Of(request);
            int status = server.Descriptor(request, ioctl->Descriptor, out OpenFile file);
            if (status != Status.Ok)
                return status;
            if (file.Kind != OpenFileKind.Device)
                return DriverStatus.NotATypewriter;
            if (ioctl->Length < 0 || ioctl->Length > VfsLimits.MaxIoctlBytes)
                return Status.BadArgument;
            return server.Devices.StartIoctl(request->Source, file, ioctl->Request, ioctl->Grant, (int)ioctl->Length);
        }
    }
}
