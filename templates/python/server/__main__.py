"""`python -m server`: serve the app (production). HOST and PORT choose where to listen."""

import os

import uvicorn

# The port chatgpt-app's own servers use when PORT is not set.
DEFAULT_PORT = 8787

if __name__ == "__main__":
    uvicorn.run(
        "server.main:app",
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", DEFAULT_PORT)),
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )
