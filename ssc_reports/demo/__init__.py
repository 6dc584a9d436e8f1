"""Demo data for local use only (`load_demo`, `make run`; refused unless DEBUG): the SMSG
2024-2025 report with two demo log-ins (smsg.py), and a network of 200 made-up groups in every
state (network.py), and planning 2026-2029 with plans in every state, written through the
planning services (plans.py). May import anything; nothing but the load_demo command imports it."""
