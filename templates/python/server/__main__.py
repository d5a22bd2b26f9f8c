"""`python -m server`: serve the app (production). HOST and PORT choose where to listen.

Without REDIS_URL, the tools' state is kept in STATE_FILE (default .chatgpt-app/state.json), so
it survives a restart of this one instance; with REDIS_URL every instance shares it in Redis.
"""

import os

import uvicorn

# The port chatgpt-app's own servers use when PORT is not set.
DEFAULT_PORT = 8787

if __name__ == "__main__":
    os.environ.setdefault("STATE_FILE", ".chatgpt-app/state.json")
    uvicorn.run(
        "server.main:app",
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", DEFAULT_PORT)),
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )
