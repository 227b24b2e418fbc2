"""crawler/middlewares"""
