"""`python -m server`: serve the app (production). HOST and PORT choose where to listen."""

import os

import uvicorn

if __name__ == "__main__":
    uvicorn.run(
        "server.main:app",
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8787")),
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )
